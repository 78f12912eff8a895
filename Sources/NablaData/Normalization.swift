import NablaCore

/// Pixel normalisation: a byte x becomes (x/255 − mean) / standardDeviation.
///
/// The mean and standard deviation come from the training images only, and the same values are
/// then applied to validation and test images: statistics of the test set must not leak into
/// training. For MNIST's 60,000 training images they are about 0.1307 and 0.3081.
public struct Normalization: Equatable, Sendable {
    public let mean: Double
    public let standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) {
        require(standardDeviation > 0 && standardDeviation.isFinite && mean.isFinite,
                "Normalization: needs a finite mean and a positive standard deviation, got \(mean) and \(standardDeviation)")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Only scales bytes to [0, 1].
    public static let unitRange = Normalization(mean: 0, standardDeviation: 1)

    /// The mean and (population) standard deviation of x/255 over every pixel of `dataset`.
    /// Computed exactly from the count of each byte value; a dataset with no spread gets a
    /// standard deviation of 1 (the mean is still subtracted).
    public init(statisticsOf dataset: ImageDataset) {
        var counts = [Int](repeating: 0, count: 256)
        counts.withUnsafeMutableBufferPointer { counts in
            dataset.images.withUnsafeBufferPointer { pixels in
                for pixel in pixels { counts[Int(pixel)] += 1 }
            }
        }
        let total = Double(dataset.images.count)
        guard total > 0 else { self.init(mean: 0, standardDeviation: 1); return }
        // mean = Σ n(v)·v / N;  variance = Σ n(v)·(v − mean)² / N, with v = byte/255.
        var mean = 0.0
        for (value, count) in counts.enumerated() { mean += Double(count) * (Double(value) / 255) }
        mean /= total
        var variance = 0.0
        for (value, count) in counts.enumerated() {
            let deviation = Double(value) / 255 - mean
            variance += Double(count) * deviation * deviation
        }
        variance /= total
        self.init(mean: mean, standardDeviation: variance > 0 ? variance.squareRoot() : 1)
    }

    /// The normalised value of one byte.
    @inlinable
    public func callAsFunction<Scalar: Real>(_ pixel: UInt8) -> Scalar {
        Scalar((Double(pixel) / 255 - mean) / standardDeviation)
    }
}
