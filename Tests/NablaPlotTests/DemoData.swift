import Foundation
import NablaPlot

/// A seeded source of numbers for fake training data (SplitMix64, Box–Muller normals).
struct FakeRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        sqrt(-2 * log(1 - uniform())) * cos(2 * Double.pi * uniform())
    }
}

/// The pen strokes of a handwritten digit in a unit box (x right, y down).
private let digitStrokes: [[(Double, Double)]] = [
    ellipse,
    [(0.3, 0.2), (0.55, 0), (0.55, 1)],
    [(0.1, 0.25), (0.3, 0.02), (0.7, 0.02), (0.9, 0.25), (0.85, 0.45), (0.1, 1), (0.95, 1)],
    [(0.1, 0.1), (0.5, 0), (0.85, 0.15), (0.8, 0.4), (0.45, 0.5), (0.85, 0.6), (0.9, 0.85), (0.5, 1), (0.1, 0.9)],
    [(0.7, 1), (0.7, 0), (0.05, 0.7), (0.95, 0.7)],
    [(0.9, 0), (0.2, 0), (0.15, 0.45), (0.6, 0.4), (0.9, 0.65), (0.75, 0.95), (0.35, 1), (0.1, 0.9)],
    [(0.8, 0.05), (0.4, 0.1), (0.15, 0.5), (0.15, 0.85), (0.45, 1), (0.8, 0.85), (0.8, 0.6), (0.45, 0.5), (0.15, 0.65)],
    [(0.05, 0), (0.95, 0), (0.4, 1)],
    [(0.5, 0.5), (0.15, 0.3), (0.5, 0), (0.85, 0.3), (0.5, 0.5), (0.1, 0.75), (0.5, 1), (0.9, 0.75), (0.5, 0.5)],
    [(0.85, 0.35), (0.5, 0.5), (0.15, 0.35), (0.3, 0.05), (0.7, 0), (0.85, 0.35), (0.8, 1)],
]

private let ellipse: [(Double, Double)] = (0...12).map { step in
    let angle = Double(step) * Double.pi / 6
    return (0.5 + 0.4 * sin(angle), 0.5 - 0.5 * cos(angle))
}

/// A 28 × 28 image of `digit` drawn with a soft pen, shifted and slanted a little by `seed`, white on
/// black as in MNIST.
func fakeDigit(_ digit: Int, seed: UInt64) -> [UInt8] {
    var random = FakeRandom(state: seed)
    let (shiftX, shiftY, slant) = (random.uniform() * 3 - 1.5, random.uniform() * 3 - 1.5, random.uniform() * 0.4 - 0.2)
    let points = digitStrokes[digit % 10].map { (x, y) in
        (7 + 14 * x + shiftX + slant * (10 - 20 * y), 4 + 20 * y + shiftY)
    }
    return (0..<28 * 28).map { index in
        let (px, py) = (Double(index % 28) + 0.5, Double(index / 28) + 0.5)
        let distance = zip(points, points.dropFirst()).map { distanceToSegment(px, py, $0, $1) }.min() ?? 99
        return UInt8(min(max((2.2 - distance) / 1.2, 0), 1) * 255)
    }
}

private func distanceToSegment(_ px: Double, _ py: Double, _ a: (Double, Double), _ b: (Double, Double)) -> Double {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1)
    let length = dx * dx + dy * dy
    let t = length > 0 ? min(max(((px - a.0) * dx + (py - a.1) * dy) / length, 0), 1) : 0
    return hypot(px - a.0 - t * dx, py - a.1 - t * dy)
}
