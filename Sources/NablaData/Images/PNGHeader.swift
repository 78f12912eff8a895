import NablaCore

/// What the IHDR chunk says (PNG 11.2.2): width (4 bytes), height (4 bytes), bit depth, colour
/// type, compression method, filter method, interlace method; 13 bytes.
struct PNGHeader {
    /// The colour types (6.1) and the bit depths each allows (Table 11.1).
    enum ColorType: UInt8 {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6

        /// Samples per pixel.
        var channels: Int {
            switch self {
            case .gray, .palette: return 1
            case .grayAlpha: return 2
            case .rgb: return 3
            case .rgba: return 4
            }
        }

        var allowedBitDepths: [Int] {
            switch self {
            case .gray: return [1, 2, 4, 8, 16]
            case .palette: return [1, 2, 4, 8]
            case .rgb, .grayAlpha, .rgba: return [8, 16]
            }
        }

        var name: String {
            switch self {
            case .gray: return "grayscale"
            case .rgb: return "RGB"
            case .palette: return "palette"
            case .grayAlpha: return "grayscale with alpha"
            case .rgba: return "RGBA"
            }
        }
    }

    let width: Int
    let height: Int
    let bitDepth: Int
    let colorType: ColorType

    /// Reads and checks IHDR. Throws `.malformed` for values the PNG spec forbids and
    /// `.unsupported` for interlaced images and for more than `GrayImage.maximumPixelCount` pixels.
    init(_ chunk: PNGChunk, in bytes: [UInt8], file: String) throws(NablaError) {
        guard chunk.type == "IHDR" else {
            throw PNG.malformed(file, "the first chunk is \(chunk.type), not IHDR (damaged file)")
        }
        guard chunk.data.count == 13 else {
            throw PNG.malformed(file, "IHDR holds \(chunk.data.count) bytes, not 13 (damaged file)")
        }
        let start = chunk.data.lowerBound
        width = Int(PNG.bigEndianWord(bytes, at: start))
        height = Int(PNG.bigEndianWord(bytes, at: start + 4))
        bitDepth = Int(bytes[start + 8])
        // Width and height: 1 to 2^31 − 1 (zero is invalid).
        for (name, size) in [("width", width), ("height", height)] where size == 0 || size > Int(Int32.max) {
            throw PNG.malformed(file, "IHDR gives a \(name) of \(size); PNG allows 1 to 2^31 − 1 (damaged file)")
        }
        guard let colorType = ColorType(rawValue: bytes[start + 9]) else {
            throw PNG.malformed(file, "IHDR gives colour type \(bytes[start + 9]); PNG has 0, 2, 3, 4 and 6 (damaged file)")
        }
        self.colorType = colorType
        guard colorType.allowedBitDepths.contains(bitDepth) else {
            throw PNG.malformed(file, "IHDR gives bit depth \(bitDepth) for \(colorType.name) pixels, which allow only "
                + "\(colorType.allowedBitDepths.map(String.init).joined(separator: ", ")) (damaged file)")
        }
        // Compression method 0 (zlib deflate, 10.1) and filter method 0 (the five filters, 9.2)
        // are the only ones defined.
        guard bytes[start + 10] == 0, bytes[start + 11] == 0 else {
            throw PNG.malformed(file, "IHDR gives compression method \(bytes[start + 10]) and filter method "
                + "\(bytes[start + 11]); only 0 and 0 are defined (damaged file)")
        }
        // Interlace method 0 is none, 1 is Adam7 (8.2).
        switch bytes[start + 12] {
        case 0: break
        case 1: throw PNG.unsupported(file, "interlaced PNG is not supported: save it without interlacing, e.g. with "
                                            + "`convert in.png -interlace none out.png`")
        case let method: throw PNG.malformed(file, "IHDR gives interlace method \(method); only 0 and 1 are defined (damaged file)")
        }
        _ = try GrayImage.pixelCount(width: width, height: height, file: file)
    }

    // With at most 2^26 pixels and 64 bits per pixel, every size below fits easily in an Int.

    /// Bits per pixel: samples per pixel times bit depth (1 to 64).
    var bitsPerPixel: Int { colorType.channels * bitDepth }

    /// The bytes of one scanline after its filter-type byte: width · bitsPerPixel bits, rounded up
    /// to whole bytes (7.2: below 8 bits, a row's last byte may hold unused bits).
    var rowByteCount: Int { (width * bitsPerPixel + 7) / 8 }

    /// What the filters call bpp (9.2): the bytes of one complete pixel, rounded up to 1.
    var filterStep: Int { max(1, bitsPerPixel / 8) }

    /// The size of the inflated image data: each of `height` scanlines is a filter-type byte and
    /// `rowByteCount` bytes (7.3).
    var imageDataByteCount: Int { height * (1 + rowByteCount) }
}
