/// What is wrong with a DEFLATE stream; `Gzip` adds the file name.
public struct InflateError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
