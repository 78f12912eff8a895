/// A checksum computed piece by piece, as a stream arrives: CRC-32 (gzip, PNG chunks) and Adler-32
/// (zlib). A type gives `init()`, `update(_:)` over raw bytes and `value`; the rest follows.
public protocol RunningChecksum {
    /// The checksum of no bytes yet.
    init()
    /// Adds `bytes` to the checksum.
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// The checksum of everything passed to `update` so far.
    var value: UInt32 { get }
}

extension RunningChecksum {
    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The checksum of `bytes` at once.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var running = Self()
        running.update(bytes)
        return running.value
    }
}
