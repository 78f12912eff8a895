import NablaCore
import NablaTrain

/// 8×8 test images of two classes, made in the test: a bright 2×2 square in the left half
/// (class 0) or the right half (class 1), at a seeded random position, on a background of −1.
struct TinyImages: ClassificationData {
    static let side = 8
    let pixels: [Float]
    let labels: [Float]
    let exampleShape = [64]
    let classCount = 2

    init(count: Int, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        var pixels: [Float] = [], labels: [Float] = []
        for _ in 0..<count {
            let label = generator.int(below: 2)
            let row = generator.int(below: 7), column = generator.int(below: 3) + 4 * label
            var image = [Float](repeating: -1, count: 64)
            for r in row...row + 1 { for c in column...column + 1 { image[r * 8 + c] = 2 } }
            pixels += image
            labels.append(Float(label))
        }
        self.pixels = pixels
        self.labels = labels
    }

    var count: Int { labels.count }

    func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>) {
        for (row, index) in indices.enumerated() {
            for d in 0..<64 { features[row * 64 + d] = pixels[index * 64 + d] }
            labels[row] = self.labels[index]
        }
    }
}
