import NablaCore

/// PNG files (ISO/IEC 15948:2003, the W3C's PNG Second Edition), read into a `GrayImage` and
/// written from one. Section numbers in comments refer to that specification.
///
/// Read: every colour type and bit depth the format allows (grayscale at 1, 2, 4, 8 and 16 bits,
/// RGB, palette, grayscale with alpha, RGBA), the five filters, palettes with or without
/// transparency (PLTE, tRNS); ancillary chunks are skipped. Not read: interlaced (Adam7) images.
public enum PNG {
    /// The 8 bytes every PNG file starts with (5.2): 137 'P' 'N' 'G' CR LF 26 LF.
    public static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// Whether `bytes` start with the PNG signature.
    public static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    /// Decodes the PNG file `bytes` into gray pixels; `file` names it in errors.
    ///
    /// Samples of other depths are first rescaled to 8 bits, round(v · 255 / (2^depth − 1))
    /// (13.12). Colour becomes gray by ITU-R BT.601 luma, L = (299 R + 587 G + 114 B) / 1000,
    /// rounded (the rule PIL's `convert("L")` documents). Transparent pixels are painted over
    /// white (13.16), L·α + 255·(1 − α): a transparent background is paper.
    ///
    /// Throws `NablaError.malformed` for anything the PNG specification forbids: a truncated file,
    /// a bad CRC-32 or Adler-32, chunks out of order, image data of another size than IHDR implies.
    /// Throws `.unsupported` for interlaced images, unknown critical chunks, and more than
    /// `GrayImage.maximumPixelCount` pixels (refused from IHDR, before any allocation).
    public static func decode(_ bytes: [UInt8], file: String) throws(NablaError) -> GrayImage {
        guard isPNG(bytes) else { throw malformed(file, "it does not start with the PNG signature") }
        let chunks = try readChunks(bytes, file: file)
        let header = try PNGHeader(chunks[0], in: bytes, file: file)
        let (colors, compressed) = try readChunksAfterHeader(chunks.dropFirst(), in: bytes, header: header, file: file)

        // The IDAT chunks, joined, are one zlib stream (10.1): the filtered scanlines.
        var data: [UInt8]
        do {
            data = try Zlib.decompress(compressed, expectedSize: header.imageDataByteCount)
        } catch {
            throw malformed(file, "the image data (IDAT) is not a valid zlib stream: \(error.message) (damaged file)")
        }
        guard data.count == header.imageDataByteCount else {
            throw malformed(file, "the image data holds \(data.count) bytes, but a \(header.width)×\(header.height) "
                + "\(header.colorType.name) image of \(header.bitDepth)-bit samples needs \(header.imageDataByteCount) (damaged file)")
        }
        try PNGFilters.unfilter(&data, header: header, file: file)
        let pixels = try PNGPixels.grayPixels(data, header: header, colors: colors, file: file)
        return GrayImage(width: header.width, height: header.height, pixels: pixels)
    }

    /// The chunks between IHDR and IEND: the palette and transparency, and the joined IDAT data.
    /// Ordering (5.6): PLTE and tRNS before the first IDAT, tRNS after PLTE, IDATs consecutive.
    static func readChunksAfterHeader(_ chunks: ArraySlice<PNGChunk>, in bytes: [UInt8], header: PNGHeader,
                                      file: String) throws(NablaError) -> (PNGColors, [UInt8]) {
        var colors = PNGColors()
        var compressed: [UInt8] = []
        compressed.reserveCapacity(chunks.reduce(0) { $0 + ($1.type == "IDAT" ? $1.data.count : 0) })
        var seen: Set<String> = []
        var previousType = "IHDR"
        for chunk in chunks {
            func misplaced(_ rule: String) -> NablaError {
                malformed(file, "chunk \(chunk.type) at byte \(chunk.offset): \(rule) (damaged file)")
            }
            let data = bytes[chunk.data]
            switch chunk.type {
            case "IHDR":
                throw misplaced("a second IHDR")
            case "PLTE", "tRNS":
                guard !seen.contains(chunk.type) else { throw misplaced("a second one") }
                guard !seen.contains("IDAT") else { throw misplaced("it comes after the image data") }
                if chunk.type == "PLTE" {
                    colors.palette = try readPalette(data, header: header, file: file)
                } else {
                    colors = try readTransparency(data, into: colors, header: header, paletteSeen: seen.contains("PLTE"), file: file)
                }
            case "IDAT":
                guard !seen.contains("IDAT") || previousType == "IDAT" else { throw misplaced("IDAT chunks must follow one another") }
                compressed += data
            case "IEND":
                break
            default:
                guard !chunk.isCritical else {
                    throw unsupported(file, "chunk \(chunk.type) is critical (needed to show the image) and unknown to Nabla: "
                        + "re-save the image as a plain PNG")
                }
            }
            seen.insert(chunk.type)
            previousType = chunk.type
        }
        guard seen.contains("IDAT") else { throw malformed(file, "there is no IDAT chunk: no image data (damaged file)") }
        guard header.colorType != .palette || seen.contains("PLTE") else {
            throw malformed(file, "a palette image without a PLTE chunk (damaged file)")
        }
        return (colors, compressed)
    }

    /// PLTE (11.2.3): 1 to 256 entries of 3 bytes (red, green, blue). Required for palette images,
    /// a mere suggestion for RGB and RGBA ones (ignored), forbidden for grayscale ones.
    static func readPalette(_ data: ArraySlice<UInt8>, header: PNGHeader,
                            file: String) throws(NablaError) -> [PNGColors.PaletteEntry] {
        guard header.colorType != .gray && header.colorType != .grayAlpha else {
            throw malformed(file, "a PLTE chunk in a \(header.colorType.name) image (damaged file)")
        }
        guard data.count % 3 == 0, (3...768).contains(data.count) else {
            throw malformed(file, "PLTE holds \(data.count) bytes, not 3 per entry for 1 to 256 entries (damaged file)")
        }
        guard header.colorType == .palette else { return [] }
        let bytes = Array(data)
        return (0..<(bytes.count / 3)).map { (bytes[3 * $0], bytes[3 * $0 + 1], bytes[3 * $0 + 2], 255) }
    }

    /// tRNS (11.3.2.1): for palette images, the alpha of the first entries (the rest stay opaque);
    /// for grayscale and RGB images, one colour (2 or 6 bytes: 16-bit samples) that is fully
    /// transparent; forbidden when pixels have an alpha channel.
    static func readTransparency(_ data: ArraySlice<UInt8>, into colors: PNGColors, header: PNGHeader,
                                 paletteSeen: Bool, file: String) throws(NablaError) -> PNGColors {
        var colors = colors
        switch header.colorType {
        case .palette:
            guard paletteSeen else { throw malformed(file, "tRNS comes before PLTE (damaged file)") }
            guard data.count <= colors.palette.count else {
                throw malformed(file, "tRNS gives \(data.count) alpha values for a palette of \(colors.palette.count) entries (damaged file)")
            }
            for (index, alpha) in data.enumerated() { colors.palette[index].alpha = alpha }
        case .gray, .rgb:
            let count = header.colorType.channels
            guard data.count == 2 * count else {
                throw malformed(file, "tRNS holds \(data.count) bytes; a \(header.colorType.name) image needs \(2 * count) (damaged file)")
            }
            colors.transparentColor = stride(from: data.startIndex, to: data.endIndex, by: 2).map { Int(data[$0]) << 8 | Int(data[$0 + 1]) }
        case .grayAlpha, .rgba:
            throw malformed(file, "a tRNS chunk in a \(header.colorType.name) image, which has its own alpha (damaged file)")
        }
        return colors
    }
}
