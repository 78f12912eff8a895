import NablaCore

/// One chunk of a PNG file (PNG 5.3): LENGTH (4 bytes, big-endian, at most 2^31 − 1), TYPE
/// (4 ASCII letters), DATA (LENGTH bytes), and CRC (4 bytes: the CRC-32 of TYPE and DATA).
struct PNGChunk {
    let type: String
    /// Where DATA lies in the file's bytes.
    let data: Range<Int>
    /// Where the chunk starts in the file, for messages.
    let offset: Int

    /// A decoder must understand every critical chunk but may skip ancillary ones; the case of
    /// the first letter tells which: upper case (bit 5 clear) is critical (PNG 5.4).
    var isCritical: Bool { type.utf8.first! & 0x20 == 0 }
}

extension PNG {
    /// The chunks after the signature, up to and including IEND, each CRC checked. Bytes after
    /// IEND are ignored. Throws `.malformed` for a truncated file, a bad length, type or CRC.
    static func readChunks(_ bytes: [UInt8], file: String) throws(NablaError) -> [PNGChunk] {
        var chunks: [PNGChunk] = []
        var offset = signature.count
        while true {
            guard bytes.count - offset >= 8 else {
                throw malformed(file, "the file ends at byte \(bytes.count) before an IEND chunk (truncated file)")
            }
            let length = Int(bigEndianWord(bytes, at: offset))
            let typeBytes = bytes[(offset + 4)..<(offset + 8)]
            // Chunk types are four letters, A–Z or a–z (5.3).
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0 & ~0x20) }) else {
                let hexBytes = typeBytes.map { String($0, radix: 16) }.joined(separator: " ")
                throw malformed(file, "the bytes at \(offset + 4) (hex \(hexBytes)) are not a chunk type (damaged file)")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= Int(Int32.max) else {
                throw malformed(file, "chunk \(type) at byte \(offset) claims \(length) bytes, more than PNG's 2^31 − 1 (damaged file)")
            }
            let dataStart = offset + 8
            guard bytes.count - dataStart - 4 >= length else {
                throw malformed(file, "chunk \(type) at byte \(offset) claims \(length) bytes, "
                    + "but the file ends at byte \(bytes.count) (truncated file)")
            }
            let crcStart = dataStart + length
            let stored = bigEndianWord(bytes, at: crcStart)
            let actual = bytes.withUnsafeBytes { all in
                var crc = CRC32()
                crc.update(UnsafeRawBufferPointer(rebasing: all[(offset + 4)..<crcStart]))
                return crc.value
            }
            guard stored == actual else {
                throw malformed(file, "chunk \(type) at byte \(offset) has CRC \(hex(stored)), its bytes give \(hex(actual)) (damaged file)")
            }
            chunks.append(PNGChunk(type: type, data: dataStart..<crcStart, offset: offset))
            if type == "IEND" { return chunks }
            offset = crcStart + 4
        }
    }

    /// The bytes of a chunk of type `type` holding `data`, for the encoder.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndianBytes(UInt32(data.count)) + typeAndData + bigEndianBytes(CRC32.checksum(typeAndData))
    }

    /// The 4-byte big-endian number at `offset`; the caller has checked that it is inside `bytes`.
    static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The error for a damaged PNG file.
    static func malformed(_ file: String, _ message: String) -> NablaError {
        .malformed(file: file, message: "not a valid PNG file: \(message)")
    }

    /// The error for a valid PNG file that Nabla does not read.
    static func unsupported(_ file: String, _ message: String) -> NablaError {
        .unsupported("\(file): \(message)")
    }
}
