import NablaCore

// im2col: the convolution as one matrix product per image, for any stride and many channels.
//
// Every receptive field of the image becomes one column of a matrix, `col` [C·K_h·K_w, H_out·W_out]:
//
//     col[(c·K_h + p)·K_w + q, i·W_out + j] = x[c, i·S_h + p − P_h, j·S_w + q − P_w]   (0 in the padding)
//
// and then the three passes are matrix products with the weight seen as W [O, C·K_h·K_w]:
//
//     y = W · col              dcol = Wᵀ · dy, then col2im adds dcol back where col came from
//     dW = Σ_n dy_n · col_nᵀ
//
// The products run on NablaCore's `gemm` for Float (and plain loops for Double). The copy costs
// C·K_h·K_w·H_out·W_out floats per image, K_h·K_w times the image: cheap next to the product when the
// channels are many, the largest part of the work when they are few.

extension ConvolutionGeometry {
    /// Rows of the im2col matrix: C·K_h·K_w.
    var columnRows: Int { inputChannels * kernel.height * kernel.width }
    /// Columns of the im2col matrix: H_out·W_out.
    var outputPositions: Int { output.height * output.width }
    /// A 1×1 convolution with stride 1 and no padding: its im2col matrix is the image itself.
    var isPointwise: Bool {
        kernel == (1, 1) && stride == (1, 1) && padding == (0, 0)
    }
}

/// Fills `col` [C·K_h·K_w, H_out·W_out] from one image x [C, H, W].
func im2col<Scalar: Real>(_ x: UnsafePointer<Scalar>, _ col: UnsafeMutablePointer<Scalar>, _ g: ConvolutionGeometry) {
    forEachColumnSegment(g) { segment, imageRow, columns in
        let out = col + segment
        guard let imageRow, !columns.isEmpty else { return out.update(repeating: 0, count: g.output.width) }
        let image = x + imageRow
        for j in 0..<columns.lowerBound { out[j] = 0 }
        for j in columns { out[j] = image[j * g.stride.width] }
        for j in columns.upperBound..<g.output.width { out[j] = 0 }
    }
}

/// Adds `col` [C·K_h·K_w, H_out·W_out] back into one image's gradient dx [C, H, W] (the reverse of
/// `im2col`: every entry goes to the pixel it was copied from), in the order of col's rows.
func col2im<Scalar: Real>(_ col: UnsafePointer<Scalar>, _ dx: UnsafeMutablePointer<Scalar>, _ g: ConvolutionGeometry) {
    forEachColumnSegment(g) { segment, imageRow, columns in
        guard let imageRow else { return }
        let image = dx + imageRow, source = col + segment
        for j in columns { image[j * g.stride.width] += source[j] }
    }
}

/// Walks the im2col matrix segment by segment, in order: for kernel tap (c, p, q) and output row i,
/// the W_out entries at `segment` in col, which read image row h = i·S_h + p − P_h of channel c
/// starting at `imageRow` (shifted by q − P_w; nil when h lies in the padding). `columns` are the
/// output columns whose input lies inside the image.
@inline(__always)
private func forEachColumnSegment(_ g: ConvolutionGeometry,
                                  _ body: (_ segment: Int, _ imageRow: Int?, _ columns: Range<Int>) -> Void) {
    var row = 0
    for c in 0..<g.inputChannels {
        for p in 0..<g.kernel.height {
            for q in 0..<g.kernel.width {
                let columns = validColumns(q: q, g)
                for i in 0..<g.output.height {
                    let h = i * g.stride.height + p - g.padding.height
                    let inside = h >= 0 && h < g.input.height
                    body(row + i * g.output.width, inside ? (c * g.input.height + h) * g.input.width + q - g.padding.width : nil,
                         columns)
                }
                row += g.outputPositions
            }
        }
    }
}

/// The output columns j whose input column j·S_w + q − P_w lies inside the image.
private func validColumns(q: Int, _ g: ConvolutionGeometry) -> Range<Int> {
    let shift = g.padding.width - q          // input column = j·S_w − shift
    let first = shift > 0 ? (shift + g.stride.width - 1) / g.stride.width : 0
    let limit = g.input.width - 1 + shift    // j·S_w ≤ limit
    let last = limit >= 0 ? Swift.min(g.output.width - 1, limit / g.stride.width) : -1
    return first <= last ? first..<(last + 1) : 0..<0
}

/// C (+)= op(A) · op(B) for row-major matrices, op(A) m × k, op(B) k × n: `gemm` for Float, three
/// loops otherwise. One thread: the convolution runs images in parallel instead.
func convolutionMatrixProduct<Scalar: Real>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>,
                                            _ c: UnsafeMutablePointer<Scalar>, m: Int, n: Int, k: Int,
                                            transposeA: Bool = false, transposeB: Bool = false, accumulate: Bool = false) {
    if Scalar.self == Float.self {
        func float(_ p: UnsafePointer<Scalar>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
        return gemm(float(a), float(b), UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), m: m, n: n, k: k,
                    transposeA: transposeA, transposeB: transposeB, accumulate: accumulate, threads: 1)
    }
    for i in 0..<m {
        for j in 0..<n {
            var sum: Scalar = accumulate ? c[i * n + j] : 0
            for p in 0..<k { sum += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]) }
            c[i * n + j] = sum
        }
    }
}

/// The im2col convolution of one image; `col` holds C·K_h·K_w·H_out·W_out scalars.
struct Im2colConvolution: Sendable {
    let g: ConvolutionGeometry

    /// y [O, H_out·W_out] = b + W · col(x).
    func forward<Scalar: Real>(_ x: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
                               col: UnsafeMutablePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
        let columns = g.isPointwise ? x : UnsafePointer(col)
        if !g.isPointwise { im2col(x, col, g) }
        if let bias {
            for o in 0..<g.outputChannels { (y + o * g.outputPositions).update(repeating: bias[o], count: g.outputPositions) }
        }
        convolutionMatrixProduct(weight, columns, y, m: g.outputChannels, n: g.outputPositions, k: g.columnRows,
                                 accumulate: bias != nil)
    }

    /// dx [C, H, W] = col2im(Wᵀ · dy).
    func inputGradient<Scalar: Real>(_ dy: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>,
                                     col: UnsafeMutablePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>) {
        if g.isPointwise {
            return convolutionMatrixProduct(weight, dy, dx, m: g.columnRows, n: g.outputPositions, k: g.outputChannels,
                                            transposeA: true)
        }
        convolutionMatrixProduct(weight, dy, col, m: g.columnRows, n: g.outputPositions, k: g.outputChannels, transposeA: true)
        dx.update(repeating: 0, count: g.inputChannels * g.input.height * g.input.width)
        col2im(col, dx, g)
    }

    /// dW [O, C·K_h·K_w] += dy · col(x)ᵀ and db [O] += Σ_positions dy.
    func accumulateParameterGradients<Scalar: Real>(_ x: UnsafePointer<Scalar>, _ dy: UnsafePointer<Scalar>,
                                                    col: UnsafeMutablePointer<Scalar>,
                                                    dw: UnsafeMutablePointer<Scalar>, db: UnsafeMutablePointer<Scalar>?) {
        let columns = g.isPointwise ? x : UnsafePointer(col)
        if !g.isPointwise { im2col(x, col, g) }
        convolutionMatrixProduct(dy, columns, dw, m: g.outputChannels, n: g.columnRows, k: g.outputPositions,
                                 transposeB: true, accumulate: true)
        guard let db else { return }
        for o in 0..<g.outputChannels {
            let row = dy + o * g.outputPositions
            var sum = db[o]
            for f in 0..<g.outputPositions { sum += row[f] }
            db[o] = sum
        }
    }
}
