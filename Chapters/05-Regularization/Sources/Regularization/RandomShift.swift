import NablaCore
import NablaTrain

/// Data augmentation for MNIST: each training image is moved by a random whole number of pixels,
/// (Δrow, Δcolumn) uniform in [−k, k]², and the uncovered border is filled with the background.
///
///     out[r, c] = image[r − Δrow, c − Δcolumn]   (the background value where that is off the image)
///
/// A digit shifted by two pixels is still the same digit, so the network sees "new" examples of
/// each class every epoch and cannot memorise exact pixel positions. The shifts come from the
/// trainer's seeded generator, so a run is reproducible.
public struct RandomShift: ImageAugmentation {
    /// The largest shift k, in pixels, along each axis.
    public let maximumShift: Int
    public let height: Int, width: Int
    /// What an empty pixel is after normalisation: (0 − mean)/std for MNIST.
    public let background: Float

    public init(maximumShift: Int, height: Int = 28, width: Int = 28, background: Float) {
        require(maximumShift >= 0, "RandomShift: the largest shift must be ≥ 0, got \(maximumShift)")
        (self.maximumShift, self.height, self.width, self.background) = (maximumShift, height, width, background)
    }

    /// One (Δrow, Δcolumn) for the image, the same for each of its channels.
    public func augment(image: UnsafeMutablePointer<Float>, channels: Int, generator: inout RandomGenerator) {
        let dRow = generator.int(below: 2 * maximumShift + 1) - maximumShift
        let dColumn = generator.int(below: 2 * maximumShift + 1) - maximumShift
        withUnsafeTemporaryAllocation(of: Float.self, capacity: height * width) { scratch in
            for channel in 0..<channels { shift(image + channel * height * width, by: (dRow, dColumn), using: scratch) }
        }
    }

    /// Moves one height×width plane by (dRow, dColumn) in place, through `scratch`.
    func shift(_ image: UnsafeMutablePointer<Float>, by offset: (row: Int, column: Int), using out: UnsafeMutableBufferPointer<Float>) {
        for r in 0..<height {
            let source = r - offset.row
            for c in 0..<width {
                let sourceColumn = c - offset.column
                // out[r, c] = image[r − Δrow, c − Δcolumn], or the background
                let inside = source >= 0 && source < height && sourceColumn >= 0 && sourceColumn < width
                out[r * width + c] = inside ? image[source * width + sourceColumn] : background
            }
        }
        image.update(from: out.baseAddress!, count: height * width)
    }
}
