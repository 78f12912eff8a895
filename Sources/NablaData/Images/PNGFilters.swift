import NablaCore

/// Undoing PNG's filters (PNG 9.2). Before compression, each scanline was replaced by the
/// difference between its bytes and a prediction from bytes already decoded, and prefixed with a
/// byte naming the filter. For each byte x of a scanline, with
///
///     a = the byte bpp positions to the left (0 for the first pixel),
///     b = the byte above, in the previous scanline (0 for the first scanline),
///     c = the byte above a (0 when a or b is 0 by these rules),
///
/// where bpp is the bytes of one pixel rounded up to 1, the decoder computes, modulo 256:
///
///     0 None     Recon(x) = Filt(x)
///     1 Sub      Recon(x) = Filt(x) + Recon(a)
///     2 Up       Recon(x) = Filt(x) + Recon(b)
///     3 Average  Recon(x) = Filt(x) + floor((Recon(a) + Recon(b)) / 2)
///     4 Paeth    Recon(x) = Filt(x) + PaethPredictor(Recon(a), Recon(b), Recon(c))
enum PNGFilters {
    /// Reconstructs, in place, the scanlines of `data`, which holds exactly
    /// `header.imageDataByteCount` bytes; each row's filter-type byte stays where it was.
    /// Throws `.malformed` for a filter type above 4.
    static func unfilter(_ data: inout [UInt8], header: PNGHeader, file: String) throws(NablaError) {
        let rowBytes = header.rowByteCount, stride = 1 + rowBytes
        require(data.count == header.height * stride, "PNGFilters.unfilter: \(data.count) bytes for \(header.height) rows of \(stride)")
        for row in 0..<header.height where data[row * stride] > 4 {
            throw PNG.malformed(file, "scanline \(row) has filter type \(data[row * stride]); PNG has 0 to 4 (damaged file)")
        }
        let step = header.filterStep
        data.withUnsafeMutableBufferPointer { buffer in
            // A zero row above the first one makes b and c 0 there, as the rules say.
            let zeros = [UInt8](repeating: 0, count: rowBytes)
            zeros.withUnsafeBufferPointer { zeros in
                var previous = zeros.baseAddress!
                for row in 0..<header.height {
                    let current = buffer.baseAddress! + row * stride + 1
                    reconstruct(current, above: previous, count: rowBytes, step: step, filter: current[-1])
                    previous = UnsafePointer(current)
                }
            }
        }
    }

    /// Reconstructs one scanline of `count` bytes, `above` being the reconstructed one before it.
    @inline(__always)
    static func reconstruct(_ x: UnsafeMutablePointer<UInt8>, above b: UnsafePointer<UInt8>, count: Int, step: Int, filter: UInt8) {
        // The bytes of the first pixel have no left neighbour: there a = c = 0.
        let first = min(step, count)
        switch filter {
        case 1:
            // Sub: Recon(x) = Filt(x) + Recon(a).
            for i in first..<count { x[i] &+= x[i - step] }
        case 2:
            // Up: Recon(x) = Filt(x) + Recon(b).
            for i in 0..<count { x[i] &+= b[i] }
        case 3:
            // Average: Recon(x) = Filt(x) + floor((Recon(a) + Recon(b)) / 2), the sum taken without overflow.
            for i in 0..<first { x[i] &+= b[i] / 2 }
            for i in first..<count { x[i] &+= UInt8((UInt16(x[i - step]) + UInt16(b[i])) / 2) }
        case 4:
            // Paeth: Recon(x) = Filt(x) + PaethPredictor(Recon(a), Recon(b), Recon(c)).
            for i in 0..<first { x[i] &+= paethPredictor(0, b[i], 0) }
            for i in first..<count { x[i] &+= paethPredictor(x[i - step], b[i], b[i - step]) }
        default:
            // None: Recon(x) = Filt(x).
            break
        }
    }

    /// The Paeth predictor (9.4), as the spec writes it: of the three neighbours, the one closest
    /// to the estimate p = a + b − c, ties broken in the order a, b, c.
    @inline(__always)
    static func paethPredictor(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a))
        let pb = abs(p - Int(b))
        let pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        if pb <= pc { return b }
        return c
    }
}
