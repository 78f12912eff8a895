import NablaCore

/// PGM files, Netpbm's grayscale format (netpbm.sourceforge.net/doc/pgm.html):
///
///     "P5" (binary) or "P2" (plain, ASCII)
///     whitespace, width, whitespace, height, whitespace, maxval (ASCII decimals; 0 < maxval < 65536)
///     one whitespace character, then the raster: height rows of width gray values, 0 = black,
///     maxval = white; in P5 one byte each if maxval < 256, else two, most significant first;
///     in P2 ASCII decimals separated by whitespace.
///
/// From "#" to the end of the line is a comment, read as whitespace. Values are scaled to
/// 0…255: round(v · 255 / maxval). A file may hold several images; the first is read.
public enum PGM {
    /// Whether `bytes` start with "P5" or "P2".
    public static func isPGM(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == UInt8(ascii: "P") && (bytes[1] == UInt8(ascii: "5") || bytes[1] == UInt8(ascii: "2"))
    }

    /// Decodes the PGM file `bytes`; `file` names it in errors. Throws `NablaError.malformed` for
    /// a bad header, a value above maxval or a truncated raster, `.unsupported` for more than
    /// `GrayImage.maximumPixelCount` pixels (refused from the header, before any allocation).
    public static func decode(_ bytes: [UInt8], file: String) throws(NablaError) -> GrayImage {
        guard isPGM(bytes) else { throw malformed(file, "it does not start with P5 or P2") }
        var reader = PGMReader(bytes: bytes, position: 2, file: file)
        let width = try reader.number("the width"), height = try reader.number("the height")
        guard width >= 1, height >= 1 else { throw malformed(file, "the header gives a \(width)×\(height) image (damaged file)") }
        let count = try GrayImage.pixelCount(width: width, height: height, file: file)
        let maxval = try reader.number("maxval")
        guard (1...65535).contains(maxval) else { throw malformed(file, "maxval is \(maxval); it must be 1 to 65535 (damaged file)") }
        // The raster's size is checked before the pixels are allocated.
        let isPlain = bytes[1] == UInt8(ascii: "2"), bytesPerValue = maxval < 256 ? 1 : 2
        if isPlain {
            // Each value is at least one digit, and all but the last are followed by whitespace.
            guard bytes.count - reader.position + 1 >= 2 * count else {
                throw malformed(file, "the raster of \(count) values cannot fit in the "
                    + "\(bytes.count - reader.position) bytes left (truncated file)")
            }
        } else {
            try reader.skipRasterDelimiter()
            guard bytes.count - reader.position >= count * bytesPerValue else {
                throw malformed(file, "the raster needs \(count * bytesPerValue) bytes, "
                    + "the file has \(bytes.count - reader.position) (truncated file)")
            }
        }
        var pixels = [UInt8](repeating: 0, count: count)
        let start = reader.position
        for index in 0..<count {
            let value: Int
            if isPlain {
                value = try reader.number("pixel \(index) of \(count)")
            } else if bytesPerValue == 1 {
                value = Int(bytes[start + index])
            } else {
                value = Int(bytes[start + 2 * index]) << 8 | Int(bytes[start + 2 * index + 1])
            }
            guard value <= maxval else { throw malformed(file, "pixel \(index) is \(value), above maxval \(maxval) (damaged file)") }
            pixels[index] = UInt8((value * 255 + maxval / 2) / maxval)
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// The binary PGM (P5) file of `image`: maxval 255, one byte per pixel, no comment.
    public static func encode(_ image: GrayImage) -> [UInt8] {
        Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    static func malformed(_ file: String, _ message: String) -> NablaError {
        .malformed(file: file, message: "not a valid PGM file: \(message)")
    }
}

/// Reads the ASCII parts of a PGM file: decimal numbers between whitespace and comments.
struct PGMReader {
    let bytes: [UInt8]
    var position: Int
    let file: String

    /// Netpbm's whitespace: blank, tab, carriage return, line feed (and vertical tab, form feed).
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// Skips whitespace and comments ("#" to the end of the line).
    mutating func skipWhitespaceAndComments() {
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "#") {
                while position < bytes.count && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
            } else if PGMReader.isWhitespace(bytes[position]) {
                position += 1
            } else {
                return
            }
        }
    }

    /// The next decimal number, after whitespace and comments; `what` names it in errors.
    mutating func number(_ what: String) throws(NablaError) -> Int {
        skipWhitespaceAndComments()
        let start = position
        var value = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            guard value <= Int(Int32.max) else { throw PGM.malformed(file, "\(what) at byte \(start) is too large (damaged file)") }
            position += 1
        }
        guard position > start else {
            let found = position < bytes.count ? "byte \(bytes[position])" : "the end of the file"
            throw PGM.malformed(file, "expected \(what) at byte \(start), found \(found) (damaged or truncated file)")
        }
        guard position == bytes.count || PGMReader.isWhitespace(bytes[position]) || bytes[position] == UInt8(ascii: "#") else {
            throw PGM.malformed(file, "\(what) at byte \(start) is followed by byte \(bytes[position]), not whitespace (damaged file)")
        }
        return value
    }

    /// The single whitespace character after maxval that ends a binary header; a comment there
    /// ends at its line break, which is then the delimiter.
    mutating func skipRasterDelimiter() throws(NablaError) {
        if position < bytes.count && bytes[position] == UInt8(ascii: "#") {
            while position < bytes.count && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
        }
        guard position < bytes.count else { throw PGM.malformed(file, "the file ends before the raster (truncated file)") }
        position += 1
    }
}
