/// What is wrong with a DEFLATE stream; `Gzip` adds the file name.
public struct InflateError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    /// The limit the output passed, for `tooLarge`; nil for every other problem.
    public let exceededLimit: Int?

    public init(_ message: String) {
        self.message = message
        exceededLimit = nil
    }

    init(message: String, exceededLimit: Int) {
        self.message = message
        self.exceededLimit = exceededLimit
    }
    public var description: String { message }

    /// The output would pass `limit` bytes: more than the data should hold (a damaged file, or a
    /// "zip bomb" that inflates a few megabytes into gigabytes).
    public static func tooLarge(limit: Int) -> InflateError {
        InflateError(message: "the data inflates to more than \(limit) bytes, more than it should hold; decompression stopped there",
                     exceededLimit: limit)
    }
}
