/// CRC-32 as used by gzip, zip and PNG (ISO 3309 / ITU-T V.42): the reflected polynomial
/// 0xEDB88320, initial value and final XOR 0xFFFFFFFF. `CRC32.checksum("123456789")` is 0xCBF43926.
///
///     var crc = CRC32()
///     crc.update(firstPart)
///     crc.update(secondPart)
///     crc.value            // the same as CRC32.checksum(firstPart + secondPart)
public struct CRC32: RunningChecksum, Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of everything passed to `update` so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var crc = state
        var offset = 0
        CRC32.tables.withUnsafeBufferPointer { tables in
            // Slicing-by-8 (Kounavis and Berry, 2005): tables[k·256 + n] is the CRC of byte n
            // followed by k zero bytes, so eight bytes fold in with eight independent look-ups.
            while offset + 8 <= bytes.count {
                let low = crc ^ UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                crc = tables[7 * 256 + Int(low & 0xFF)] ^ tables[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ tables[5 * 256 + Int((low >> 16) & 0xFF)] ^ tables[4 * 256 + Int(low >> 24)]
                    ^ tables[3 * 256 + Int(high & 0xFF)] ^ tables[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ tables[1 * 256 + Int((high >> 16) & 0xFF)] ^ tables[Int(high >> 24)]
                offset += 8
            }
            // One byte at a time: shift right, fold in the entry for the lowest 8 bits.
            while offset < bytes.count {
                crc = tables[Int((crc ^ UInt32(bytes[offset])) & 0xFF)] ^ (crc >> 8)
                offset += 1
            }
        }
        state = crc
    }

    /// tables[n] (k = 0) is the CRC remainder of byte n: eight steps of "shift right, XOR the
    /// polynomial when the bit shifted out is 1". Each further table appends one zero byte.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var remainder = UInt32(n)
            for _ in 0..<8 { remainder = (remainder & 1) != 0 ? (remainder >> 1) ^ 0xEDB8_8320 : remainder >> 1 }
            tables[n] = remainder
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = tables[(k - 1) * 256 + n]
                tables[k * 256 + n] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()
}
