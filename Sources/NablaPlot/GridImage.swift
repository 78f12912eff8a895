/// A small grayscale picture for an `ImageGrid`: `width × height` gray levels, row by row, from 0
/// (black) to 255 (white), and a caption.
///
/// A pixel with no drawable value (not finite, or missing because fewer values than
/// width × height were given) has no level and is drawn red; values beyond width × height are
/// ignored. Both are counted (`unusablePixelCount`, `ignoredValueCount`) and told in the grid's note.
public struct GridImage: Sendable {
    /// How `Double` values become gray levels.
    public enum Normalization: Sendable {
        /// The image's smallest value black, its largest white; an image of one value is mid-gray.
        case perImage
        /// 0 mid-gray, −m black and +m white, m the image's largest magnitude: the sign of each
        /// value stays visible (filters, gradients).
        case diverging
    }

    /// The size in pixels (≥ 0).
    public let width: Int
    /// The size in pixels (≥ 0).
    public let height: Int
    /// Gray levels row by row, `width × height` of them; nil where a pixel has no drawable value.
    public let levels: [UInt8?]
    /// The values as given (bytes as 0…255), for the CSV.
    public let values: [Double]
    /// Text under the image; "\n" starts a new line.
    public var caption: String

    /// How many pixels have no level: not finite, or missing.
    public var unusablePixelCount: Int { levels.filter { $0 == nil }.count }
    /// How many values were given beyond width × height.
    public var ignoredValueCount: Int { max(values.count - levels.count, 0) }

    /// An image of bytes, 0 black to 255 white (an MNIST digit). A negative size is taken as 0.
    public init(bytes: [UInt8], width: Int, height: Int, caption: String = "") {
        let count = max(width, 0) * max(height, 0)
        (self.width, self.height, self.caption) = (max(width, 0), max(height, 0), caption)
        values = bytes.map(Double.init)
        levels = (0..<count).map { $0 < bytes.count ? bytes[$0] : nil }
    }

    /// An image of any numbers (a filter's weights), turned into gray levels by `normalization`.
    public init(values: [Double], width: Int, height: Int, normalization: Normalization = .perImage, caption: String = "") {
        let count = max(width, 0) * max(height, 0)
        (self.width, self.height, self.caption, self.values) = (max(width, 0), max(height, 0), caption, values)
        let used = Array(values.prefix(count))
        let finite = used.filter(\.isFinite)
        let (low, high): (Double, Double)
        switch normalization {
        case .perImage:
            (low, high) = (finite.min() ?? 0, finite.max() ?? 0)
        case .diverging:
            let largest = finite.map(abs).max() ?? 0
            (low, high) = (-largest, largest)
        }
        let halfSpan = high / 2 - low / 2
        levels = (0..<count).map { index in
            guard index < used.count, used[index].isFinite else { return nil }
            guard halfSpan.isNormal else { return 128 }
            let fraction = (used[index] / 2 - low / 2) / halfSpan
            return UInt8(min(max(fraction * 255, 0), 255).rounded())
        }
    }
}
