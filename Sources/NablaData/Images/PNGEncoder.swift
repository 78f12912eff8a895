import NablaCore

extension PNG {
    /// The PNG file of `image`: 8-bit grayscale (colour type 0), not interlaced, every scanline
    /// with filter type 0 (None), the image data a zlib stream of stored (uncompressed) DEFLATE
    /// blocks. Any viewer opens it; no compressor is needed, at the price of a file slightly larger
    /// than the pixels (57 bytes, plus 1 per row, 5 per 64 KiB and 12 per MiB).
    /// Stops if the width or height exceeds PNG's 2^31 − 1.
    public static func encode(_ image: GrayImage) -> [UInt8] {
        require(image.width <= Int(Int32.max) && image.height <= Int(Int32.max),
                "PNG.encode: a \(image.width)×\(image.height) image is larger than PNG's 2^31 − 1 per side")
        // IHDR (11.2.2): width, height, bit depth 8, colour type 0, compression 0, filter 0, interlace 0.
        let header = bigEndianBytes(UInt32(image.width)) + bigEndianBytes(UInt32(image.height)) + [8, 0, 0, 0, 0]
        // Each scanline: its filter-type byte, 0, then the row's pixels (7.3).
        var scanlines = [UInt8]()
        scanlines.reserveCapacity(image.height * (1 + image.width))
        for row in 0..<image.height {
            scanlines.append(0)
            scanlines += image.pixels[(row * image.width)..<((row + 1) * image.width)]
        }
        // The stream may be split over several IDAT chunks (11.2.4); pieces of 1 MiB keep every
        // chunk far below the 2^31 − 1 bytes a chunk can hold.
        let stream = Zlib.storedStream(scanlines), piece = 1 << 20
        let imageData = stride(from: 0, to: stream.count, by: piece).flatMap { start in
            chunk("IDAT", Array(stream[start..<min(start + piece, stream.count)]))
        }
        return signature + chunk("IHDR", header) + imageData + chunk("IEND", [])
    }
}
