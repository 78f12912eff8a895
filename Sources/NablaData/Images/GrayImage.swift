import NablaCore

/// A grayscale image of 8-bit pixels: what Nabla reads from PNG and PGM files and writes back.
///
/// `pixels` holds `height` rows of `width` bytes, the top row first, each row from left to right
/// (row-major): pixel (x, y) is `pixels[y * width + x]`. 0 is black and 255 white, as in the files.
/// MNIST's images, by contrast, are white digits on black: ink is 255 (see `preparedForMNIST`).
public struct GrayImage: Equatable, Sendable {
    /// Columns, at least 1.
    public let width: Int
    /// Rows, at least 1.
    public let height: Int
    /// `width · height` bytes, row-major, 0 = black, 255 = white.
    public let pixels: [UInt8]

    /// Stops unless `width` and `height` are at least 1 and `pixels` holds `width · height` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        require(width >= 1 && height >= 1 && pixels.count == width * height,
                "GrayImage: a \(width)×\(height) image needs \(width * height) pixels (width and height at least 1), got \(pixels.count)")
        (self.width, self.height, self.pixels) = (width, height, pixels)
    }

    /// The pixel in column `x` and row `y`, counted from the top left corner; stops when out of range.
    public subscript(x: Int, y: Int) -> UInt8 {
        require(x >= 0 && x < width && y >= 0 && y < height, "GrayImage: pixel (\(x), \(y)) is outside \(width)×\(height)")
        return pixels[y * width + x]
    }

    /// The largest image the decoders accept: 2^26 pixels (67,108,864, e.g. 8192 × 8192). Sizes
    /// come from a file's header, so a larger claim is refused before anything is allocated.
    public static let maximumPixelCount = 1 << 26

    /// width · height, checked against `maximumPixelCount`; `width` and `height` come from the
    /// header of `file` and are at least 1.
    static func pixelCount(width: Int, height: Int, file: String) throws(NablaError) -> Int {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= maximumPixelCount else {
            throw NablaError.unsupported("\(file): the header claims a \(width) × \(height) image, more than the \(maximumPixelCount) pixels "
                + "Nabla reads: shrink it first, e.g. with `convert in.png -resize 28x28 out.png`")
        }
        return count
    }
}
