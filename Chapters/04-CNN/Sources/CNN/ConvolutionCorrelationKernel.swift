import NablaCore

// The forward pass of the direct convolution: every output channel's filter slid over 48 flat
// positions at once (DirectConvolution.swift). Also dL/dx of a transposed convolution's input.

/// The operands of a correlation tile, which computes, for r < rows and the 3·lanes positions f of
/// the tile,
///
///     output[r·outputStride + f] = Σ_s Σ_p Σ_q weights[((s·K_h + p)·K_w + q)·channels + r] · source[s·sourceStride + p·rowPitch + q + f]
///
/// `source` holds `sources` flattened images, rows `rowPitch` apart. Each sum runs in the order of
/// s, p, q, starting from 0.
struct CorrelationOperands<Scalar: Real> {
    let source: UnsafePointer<Scalar>
    let sources: Int, sourceStride: Int, rowPitch: Int
    let kernel: (height: Int, width: Int)
    let weights: UnsafePointer<Scalar>
    let channels: Int
    let output: UnsafeMutablePointer<Scalar>
    let outputStride: Int
}

/// The correlation tile of `rows` channels (8, 6, 4, 2 or 1).
@inline(__always)
func correlationTile<Scalar: Real>(rows: Int, _ operands: CorrelationOperands<Scalar>) {
    switch rows {
    case 8: correlationKernel(EightRowTile.self, operands)
    case 6: correlationKernel(SixRowTile.self, operands)
    case 4: correlationKernel(FourRowTile.self, operands)
    case 2: correlationKernel(TwoRowTile.self, operands)
    default: correlationKernel(OneRowTile.self, operands)
    }
}

@inline(never)
func correlationKernel<Height: ConvolutionTileHeight, Scalar: Real>(_: Height.Type, _ operands: CorrelationOperands<Scalar>) {
    let (source, sources, sourceStride, rowPitch) = (operands.source, operands.sources, operands.sourceStride, operands.rowPitch)
    let (kernel, weights, channels) = (operands.kernel, operands.weights, operands.channels)
    let (output, outputStride) = (operands.output, operands.outputStride)
    typealias V = ConvolutionVector<Scalar>
    let lanes = V.scalarCount, rows = Height.rows
    var s00 = V(), s01 = V(), s02 = V(), s10 = V(), s11 = V(), s12 = V()
    var s20 = V(), s21 = V(), s22 = V(), s30 = V(), s31 = V(), s32 = V()
    var s40 = V(), s41 = V(), s42 = V(), s50 = V(), s51 = V(), s52 = V()
    var s60 = V(), s61 = V(), s62 = V(), s70 = V(), s71 = V(), s72 = V()
    var w = weights
    for s in 0..<sources {
        var row = source + s * sourceStride
        for _ in 0..<kernel.height {
            for q in 0..<kernel.width {
                let b0 = loadLanes(row + q), b1 = loadLanes(row + q + lanes), b2 = loadLanes(row + q + 2 * lanes)
                var a = V(repeating: w[0]); s00.addProduct(a, b0); s01.addProduct(a, b1); s02.addProduct(a, b2)
                if rows > 1 { a = V(repeating: w[1]); s10.addProduct(a, b0); s11.addProduct(a, b1); s12.addProduct(a, b2) }
                if rows > 2 { a = V(repeating: w[2]); s20.addProduct(a, b0); s21.addProduct(a, b1); s22.addProduct(a, b2) }
                if rows > 3 { a = V(repeating: w[3]); s30.addProduct(a, b0); s31.addProduct(a, b1); s32.addProduct(a, b2) }
                if rows > 4 { a = V(repeating: w[4]); s40.addProduct(a, b0); s41.addProduct(a, b1); s42.addProduct(a, b2) }
                if rows > 5 { a = V(repeating: w[5]); s50.addProduct(a, b0); s51.addProduct(a, b1); s52.addProduct(a, b2) }
                if rows > 6 { a = V(repeating: w[6]); s60.addProduct(a, b0); s61.addProduct(a, b1); s62.addProduct(a, b2) }
                if rows > 7 { a = V(repeating: w[7]); s70.addProduct(a, b0); s71.addProduct(a, b1); s72.addProduct(a, b2) }
                w += channels
            }
            row += rowPitch
        }
    }
    storeTileRow(s00, s01, s02, output)
    if rows > 1 { storeTileRow(s10, s11, s12, output + outputStride) }
    if rows > 2 { storeTileRow(s20, s21, s22, output + 2 * outputStride) }
    if rows > 3 { storeTileRow(s30, s31, s32, output + 3 * outputStride) }
    if rows > 4 { storeTileRow(s40, s41, s42, output + 4 * outputStride) }
    if rows > 5 { storeTileRow(s50, s51, s52, output + 5 * outputStride) }
    if rows > 6 { storeTileRow(s60, s61, s62, output + 6 * outputStride) }
    if rows > 7 { storeTileRow(s70, s71, s72, output + 7 * outputStride) }
}
