import NablaCore
import NablaTrain

/// Three classes of points in 20 dimensions, each a unit Gaussian around its own centre: a small
/// data set made in the test, for training on real gradients without MNIST.
struct GaussianBlobs: ClassificationData {
    let points: [Float]
    let labels: [Float]
    let exampleShape = [20]
    let classCount = 3

    init(count: Int, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        var points: [Float] = [], labels: [Float] = []
        for _ in 0..<count {
            let label = generator.int(below: 3)
            for d in 0..<20 { points.append(Float(generator.normal()) + (d % 3 == label ? 1.5 : 0)) }
            labels.append(Float(label))
        }
        self.points = points
        self.labels = labels
    }

    var count: Int { labels.count }

    func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>) {
        for (row, index) in indices.enumerated() {
            for d in 0..<20 { features[row * 20 + d] = points[index * 20 + d] }
            labels[row] = self.labels[index]
        }
    }
}
