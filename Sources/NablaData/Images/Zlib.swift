/// The zlib format (RFC 1950), the wrapper around PNG's compressed image data: a 2-byte header,
/// a DEFLATE stream (RFC 1951, read by `Inflate`), then the Adler-32 of the uncompressed bytes,
/// most significant byte first.
public enum Zlib {
    /// The uncompressed content of the zlib stream `bytes`, which must end with the stream's
    /// checksum. `expectedSize` only sizes the first allocation.
    ///
    /// `Inflate` has no output limit, so the size is for the caller to check afterwards; DEFLATE
    /// expands at most 1032:1, which bounds it by the input's size.
    /// Throws `InflateError` for a bad header, bad DEFLATE data, a wrong checksum, a truncated
    /// stream, or bytes after it.
    public static func decompress(_ bytes: [UInt8], expectedSize: Int = 0) throws(InflateError) -> [UInt8] {
        guard bytes.count >= 2 + 4 else {
            throw InflateError("only \(bytes.count) bytes, shorter than a zlib header and checksum (truncated)")
        }
        try checkHeader(compressionInfo: bytes[0], flags: bytes[1])
        let sizeHint = min(expectedSize, 1032 * bytes.count)
        let (content, end) = try bytes.withUnsafeBufferPointer { (input) throws(InflateError) in
            try Inflate.decompress(input, startingAt: 2, expectedSize: sizeHint)
        }
        guard end + 4 <= bytes.count else {
            throw InflateError("the zlib stream ends before its Adler-32 checksum (truncated)")
        }
        guard end + 4 == bytes.count else {
            throw InflateError("\(bytes.count - end - 4) bytes follow the end of the zlib stream")
        }
        let stored = bytes[end..<(end + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let actual = Adler32.checksum(content)
        guard stored == actual else {
            throw InflateError("Adler-32 mismatch: the stream says \(hex(stored)), the data gives \(hex(actual)) (corrupted)")
        }
        return content
    }

    /// The header (2.2). CMF: the low 4 bits (CM) are the method, 8 = deflate; the high 4 bits
    /// (CINFO) are log2(window size) − 8, at most 7 (a 32 KiB window). FLG: its low 5 bits
    /// (FCHECK) make CMF·256 + FLG a multiple of 31; bit 5 (FDICT) announces a preset dictionary,
    /// which PNG never uses (PNG 10.1).
    static func checkHeader(compressionInfo cmf: UInt8, flags flg: UInt8) throws(InflateError) {
        guard cmf & 0x0F == 8 else { throw InflateError("compression method \(cmf & 0x0F) is not 8 (deflate)") }
        guard cmf >> 4 <= 7 else { throw InflateError("a window of 2^\((cmf >> 4) + 8) bytes, more than deflate's 32 KiB") }
        guard (Int(cmf) * 256 + Int(flg)) % 31 == 0 else { throw InflateError("the header check bits are wrong (corrupted)") }
        guard flg & 0x20 == 0 else { throw InflateError("the stream needs a preset dictionary, which PNG does not allow") }
    }

    /// A zlib stream holding `data` in stored DEFLATE blocks (RFC 1951, 3.2.4) of at most 65,535
    /// bytes each: valid data for any inflater, made without compressing.
    public static func storedStream(_ data: [UInt8]) -> [UInt8] {
        // 0x78 0x01: deflate with a 32 KiB window; 0x7801 = 31 · 991.
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(data.count + data.count / 65_535 * 5 + 11)
        var start = 0
        repeat {
            let end = min(start + 65_535, data.count)
            let length = end - start
            // BFINAL (1 on the last block), BTYPE = 00, padding to the byte boundary; then LEN and
            // NLEN = ~LEN, least significant byte first.
            stream.append(end == data.count ? 1 : 0)
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            stream += data[start..<end]
            start = end
        } while start < data.count
        return stream + bigEndianBytes(Adler32.checksum(data))
    }
}

/// `value` as four bytes, most significant first (network byte order, as zlib and PNG store it).
func bigEndianBytes(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
}

/// `value` as 8 hexadecimal digits, for messages about checksums.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
