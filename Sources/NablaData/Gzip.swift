import Foundation
import NablaCore

/// gzip decompression (RFC 1952): one or more members, each a header, a DEFLATE stream, and a
/// trailer holding the CRC-32 and the length (mod 2^32) of the uncompressed data, both checked.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The uncompressed content of the gzip data `bytes`; `file` names it in errors. More than
    /// `limit` bytes of content is an error, raised before more is allocated: pass what the file
    /// should hold when it is known (an MNIST file's size), and say why in `limitReason`.
    ///
    /// Zero bytes after the last member are ignored, as GNU gzip and Python do (some tools pad
    /// files to a block size); any other data there is an error.
    public static func decompress(_ bytes: [UInt8], file: String, limit: Int = Inflate.defaultLimit,
                                  limitReason: String? = nil) throws(NablaError) -> [UInt8] {
        do {
            return try bytes.withUnsafeBufferPointer { (input) throws(InflateError) in
                var result = [UInt8]()
                var memberStart = 0
                repeat {
                    let (content, end) = try decompressMember(input, at: memberStart, isFirst: memberStart == 0,
                                                              limit: limit - result.count)
                    if result.isEmpty { result = content } else { result += content }
                    memberStart = end
                } while memberStart < input.count && !input[memberStart...].allSatisfy { $0 == 0 }
                return result
            }
        } catch {
            // A later member stops at what the earlier ones left of the limit: report the whole limit.
            let message = error.exceededLimit != nil
                ? InflateError.tooLarge(limit: limit).message + (limitReason.map { " (\($0))" } ?? "") : error.message
            throw NablaError.malformed(file: file, message: "not valid gzip data: \(message)")
        }
    }

    /// Header flags (2.3.1); FTEXT (1) is only a hint and changes nothing here.
    static let headerCRCFlag: UInt8 = 2, extraFlag: UInt8 = 4, nameFlag: UInt8 = 8, commentFlag: UInt8 = 16

    /// One member starting at `start`: its content and the offset just past it.
    static func decompressMember(_ input: UnsafeBufferPointer<UInt8>, at start: Int, isFirst: Bool,
                                 limit: Int) throws(InflateError) -> (content: [UInt8], end: Int) {
        let memberName = isFirst ? "" : " (in the member starting at byte \(start))"
        // Header: ID1 ID2 CM FLG MTIME(4) XFL OS, then the optional fields FLG announces.
        let hasMagic = input.count - start >= 2 && input[start] == 0x1F && input[start + 1] == 0x8B
        guard hasMagic || isFirst else {
            throw InflateError("\(input.count - start) bytes of unexpected data after the last member, at byte \(start)")
        }
        guard hasMagic else { throw InflateError("no gzip magic number (1f 8b) at the start") }
        guard input.count - start >= 10 else { throw InflateError("only \(input.count - start) bytes, shorter than a gzip header\(memberName)") }
        guard input[start + 2] == 8 else { throw InflateError("compression method \(input[start + 2]) is not 8 (deflate)\(memberName)") }
        let flags = input[start + 3]
        guard flags & 0xE0 == 0 else { throw InflateError("reserved header flags are set (\(flags))\(memberName)") }
        var offset = start + 10
        if flags & extraFlag != 0 {
            guard offset + 2 <= input.count else { throw Inflate.truncated }
            offset += 2 + (Int(input[offset]) | Int(input[offset + 1]) << 8)
        }
        for flag in [nameFlag, commentFlag] where flags & flag != 0 {
            // A zero-terminated Latin-1 string.
            while offset < input.count && input[offset] != 0 { offset += 1 }
            offset += 1
        }
        if flags & headerCRCFlag != 0 {
            guard offset + 2 <= input.count else { throw Inflate.truncated }
            let stored = UInt16(input[offset]) | UInt16(input[offset + 1]) << 8
            var crc = CRC32()
            crc.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[start..<offset])))
            // CRC16 is the low 16 bits of the CRC-32 of the header bytes before it.
            guard stored == UInt16(truncatingIfNeeded: crc.value) else { throw InflateError("header CRC mismatch\(memberName)") }
            offset += 2
        }
        guard offset < input.count else { throw Inflate.truncated }

        // The last ISIZE sizes the output buffer: a hint only, capped at DEFLATE's largest ratio
        // (1032:1) and at the limit.
        let sizeHint = min(Int(littleEndianWord(input, input.count - 4)), 1032 * (input.count - offset), limit)
        let (content, end) = try Inflate.decompress(input, startingAt: offset, expectedSize: sizeHint, limit: limit)

        // Trailer: CRC32 then ISIZE, little-endian.
        guard end + 8 <= input.count else {
            throw InflateError("the file ends before the gzip trailer (CRC-32 and length): truncated\(memberName)")
        }
        let storedCRC = littleEndianWord(input, end), storedSize = littleEndianWord(input, end + 4)
        let actualCRC = CRC32.checksum(content)
        guard storedCRC == actualCRC else {
            throw InflateError(String(format: "CRC-32 mismatch: the trailer says %08x, the data gives %08x (corrupted file)", storedCRC, actualCRC) + memberName)
        }
        guard storedSize == UInt32(truncatingIfNeeded: content.count) else {
            throw InflateError("length mismatch: the trailer says \(storedSize) bytes, the data has \(content.count)\(memberName)")
        }
        return (content, end + 8)
    }

    static func littleEndianWord(_ input: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(input[offset]) | UInt32(input[offset + 1]) << 8 | UInt32(input[offset + 2]) << 16 | UInt32(input[offset + 3]) << 24
    }
}
