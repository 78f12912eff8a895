/// Adler-32 (RFC 1950, section 8.2): the checksum that ends a zlib stream. Two sums modulo
/// 65,521, the largest prime below 2^16: s1 is 1 plus the sum of the bytes, s2 the sum of every
/// value s1 took; the checksum is s2 · 65,536 + s1. `Adler32.checksum("Wikipedia")` is 0x11E60398.
///
///     var adler = Adler32()
///     adler.update(firstPart)
///     adler.update(secondPart)
///     adler.value            // the same as Adler32.checksum(firstPart + secondPart)
public struct Adler32: RunningChecksum, Sendable {
    static let modulus: UInt32 = 65_521
    /// The most bytes the sums can take before they must be reduced: the largest n with
    /// 255·n(n+1)/2 + (n+1)·65,520 < 2^32 (zlib's NMAX), so 32-bit sums never overflow.
    static let bytesBetweenReductions = 5_552

    private var s1: UInt32 = 1
    private var s2: UInt32 = 0

    public init() {}

    /// The checksum of everything passed to `update` so far.
    public var value: UInt32 { s2 << 16 | s1 }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        while start < bytes.count {
            let end = min(start + Adler32.bytesBetweenReductions, bytes.count)
            for index in start..<end {
                s1 += UInt32(bytes[index])
                s2 += s1
            }
            s1 %= Adler32.modulus
            s2 %= Adler32.modulus
            start = end
        }
    }
}
