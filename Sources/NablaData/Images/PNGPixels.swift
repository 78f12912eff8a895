import NablaCore

/// What the ancillary and palette chunks add to the pixels: the palette (PLTE, 11.2.3) with each
/// entry's alpha from tRNS (11.3.2.1), or tRNS's single transparent colour for grayscale and RGB
/// images, given as samples at the image's bit depth.
struct PNGColors {
    typealias PaletteEntry = (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8)
    /// Palette entries; alpha is 255 where tRNS gives none.
    var palette: [PaletteEntry] = []
    /// The gray sample, or the red, green and blue samples, of the colour that is transparent.
    /// Compared before rescaling (13.12), so two 16-bit samples never become one.
    var transparentColor: [Int]? = nil
}

/// Turning reconstructed scanlines into gray pixels, each sample read at its bit depth.
enum PNGPixels {
    /// The gray pixels of the reconstructed image data `data` (`header.imageDataByteCount` bytes),
    /// by the rules `PNG.decode` states. Throws `.malformed` for a pixel naming a palette entry
    /// that does not exist.
    static func grayPixels(_ data: [UInt8], header: PNGHeader, colors: PNGColors, file: String) throws(NablaError) -> [UInt8] {
        let width = header.width, channels = header.colorType.channels, depth = header.bitDepth
        let stride = 1 + header.rowByteCount
        var pixels = [UInt8](repeating: 0, count: width * header.height)
        // No sample equals -1: without tRNS, no pixel is transparent.
        let key = colors.transparentColor ?? [-1, -1, -1]
        try data.withUnsafeBufferPointer { (data) throws(NablaError) in
            for y in 0..<header.height {
                let row = data.baseAddress! + y * stride + 1
                for x in 0..<width {
                    let first = x * channels
                    @inline(__always) func value(_ k: Int) -> Int { sample(row, first + k, depth: depth) }
                    let luma: Int, alpha: Int
                    switch header.colorType {
                    case .gray:
                        (luma, alpha) = (1000 * scaled(value(0), depth), value(0) == key[0] ? 0 : 255)
                    case .grayAlpha:
                        (luma, alpha) = (1000 * scaled(value(0), depth), scaled(value(1), depth))
                    case .rgb:
                        let (r, g, b) = (value(0), value(1), value(2))
                        luma = lumaTimes1000(scaled(r, depth), scaled(g, depth), scaled(b, depth))
                        alpha = r == key[0] && g == key[1] && b == key[2] ? 0 : 255
                    case .rgba:
                        luma = lumaTimes1000(scaled(value(0), depth), scaled(value(1), depth), scaled(value(2), depth))
                        alpha = scaled(value(3), depth)
                    case .palette:
                        let index = value(0)
                        guard index < colors.palette.count else {
                            throw PNG.malformed(file, "pixel (\(x), \(y)) is palette entry \(index), "
                                + "but PLTE has \(colors.palette.count) entries (damaged file)")
                        }
                        let entry = colors.palette[index]
                        luma = lumaTimes1000(Int(entry.red), Int(entry.green), Int(entry.blue))
                        alpha = Int(entry.alpha)
                    }
                    pixels[y * width + x] = overWhite(lumaTimes1000: luma, alpha: alpha)
                }
            }
        }
        return pixels
    }

    /// Sample `index` of the scanline at `row` (7.2): below 8 bits, samples are packed into bytes
    /// leftmost sample in the high-order bits; 16-bit samples are two bytes, most significant first.
    @inline(__always)
    static func sample(_ row: UnsafePointer<UInt8>, _ index: Int, depth: Int) -> Int {
        switch depth {
        case 8: return Int(row[index])
        case 16: return Int(row[2 * index]) << 8 | Int(row[2 * index + 1])
        default:
            let bit = index * depth
            return Int(row[bit / 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1)
        }
    }

    /// A sample of `depth` bits rescaled to 8 bits (13.12): round(v · 255 / (2^depth − 1)).
    @inline(__always)
    static func scaled(_ v: Int, _ depth: Int) -> Int {
        let maximum = (1 << depth) - 1
        return (v * 255 + maximum / 2) / maximum
    }

    /// 1000 times the BT.601 luma of 8-bit red, green and blue: 299 R + 587 G + 114 B.
    @inline(__always)
    static func lumaTimes1000(_ r: Int, _ g: Int, _ b: Int) -> Int { 299 * r + 587 * g + 114 * b }

    /// Alpha compositing over a white background (13.16), output = α·L + (1 − α)·255 with
    /// α = alpha / 255, rounded once: round((L1000 · alpha + 1000 · 255 · (255 − alpha)) / 255,000).
    /// An opaque pixel (alpha 255) gets round(L1000 / 1000), its luma.
    @inline(__always)
    static func overWhite(lumaTimes1000 luma: Int, alpha: Int) -> UInt8 {
        UInt8((luma * alpha + 255_000 * (255 - alpha) + 127_500) / 255_000)
    }
}
