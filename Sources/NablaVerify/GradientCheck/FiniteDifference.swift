/// The numerical derivative of f along one coordinate, with kink detection.
///
/// `f(+1)`, `f(0)` and `f(-1)` are the function at x + h, x and x − h (each passed as a difference
/// from f(x), see `LayerGradientCheck`). The central difference (f₊ − f₋)/2h has error O(h²) for
/// smooth f; the one-sided slopes (f₊ − f₀)/h and (f₀ − f₋)/h agree to O(h) there, but differ by
/// the change of slope when [x − h, x + h] contains a kink (ReLU at 0, a hinge at its margin).
struct FiniteDifference {
    let central: Double
    let isKink: Bool

    init(plus: Double, zero: Double, minus: Double, step h: Double, kinkThreshold: Double) {
        // f′ ≈ (f(x + h) − f(x − h)) / 2h
        central = (plus - minus) / (2 * h)
        let forward = (plus - zero) / h, backward = (zero - minus) / h
        isKink = abs(forward - backward) > kinkThreshold * max(1, abs(forward), abs(backward))
    }
}

/// The flat indices to check in a tensor of `count` elements: all of them when few, otherwise a
/// seeded sample without repeats, sorted.
func indicesToCheck(count: Int, options: GradientCheckOptions, generator: inout RandomGenerator) -> [Int] {
    if count <= options.checkEveryElementUpTo { return Array(0..<count) }
    let samples = min(count, max(10, options.samplesPerTensor))
    return Array(generator.permutation(count).prefix(samples)).sorted()
}

import NablaCore
