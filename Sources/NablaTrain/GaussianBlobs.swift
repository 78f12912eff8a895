import NablaCore

/// A small synthetic classification set for tests and experiments without MNIST: three classes of
/// points in 20 dimensions, each a unit Gaussian around its own centre. Class c's centre is
/// `separation` in every coordinate d with d mod 3 = c, and 0 elsewhere.
public struct GaussianBlobs: ClassificationData {
    public let points: [Float]
    public let labels: [Float]
    public let exampleShape = [20]
    public let classCount = 3

    public init(count: Int, seed: UInt64, separation: Float) {
        var generator = RandomGenerator(seed: seed)
        var points: [Float] = [], labels: [Float] = []
        for _ in 0..<count {
            let label = generator.int(below: 3)
            // x_d ~ N(separation·[d mod 3 = label], 1)
            for d in 0..<20 { points.append(Float(generator.normal()) + (d % 3 == label ? separation : 0)) }
            labels.append(Float(label))
        }
        self.points = points
        self.labels = labels
    }

    public var count: Int { labels.count }

    public func fill(_ indices: ArraySlice<Int>, features: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>) {
        for (row, index) in indices.enumerated() {
            for d in 0..<20 { features[row * 20 + d] = points[index * 20 + d] }
            labels[row] = self.labels[index]
        }
    }
}
