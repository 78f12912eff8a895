import NablaCore

// dL/dx of the direct convolution: each position of dy sends w · dy back to the inputs it read,
// 48 positions at once (DirectConvolution.swift).

/// The operands of a scatter tile, which sends a tile of 3·lanes output-gradient positions f back
/// to the inputs they read, for r < rows input channels and every kernel tap (p, q):
///
///     output[r·outputStride + p·rowPitch + q + f] += Σ_s weights[((p·K_w + q)·sources + s)·channels + r] · source[s·sourceStride + f]
///
/// Each tap's sum over s is formed in registers, then added to the output: per output element, the
/// taps add in order of p, q.
struct ScatterOperands<Scalar: Real> {
    let source: UnsafePointer<Scalar>
    let sources: Int, sourceStride: Int, rowPitch: Int
    let kernel: (height: Int, width: Int)
    let weights: UnsafePointer<Scalar>
    let channels: Int
    let output: UnsafeMutablePointer<Scalar>
    let outputStride: Int
}

/// The scatter tile of `rows` channels (8, 6, 4, 2 or 1).
@inline(__always)
func scatterTile<Scalar: Real>(rows: Int, _ operands: ScatterOperands<Scalar>) {
    switch rows {
    case 8: scatterKernel(EightRowTile.self, operands)
    case 6: scatterKernel(SixRowTile.self, operands)
    case 4: scatterKernel(FourRowTile.self, operands)
    case 2: scatterKernel(TwoRowTile.self, operands)
    default: scatterKernel(OneRowTile.self, operands)
    }
}

@inline(never)
func scatterKernel<Height: ConvolutionTileHeight, Scalar: Real>(_: Height.Type, _ operands: ScatterOperands<Scalar>) {
    let (source, sources, sourceStride, rowPitch) = (operands.source, operands.sources, operands.sourceStride, operands.rowPitch)
    let (kernel, weights, channels) = (operands.kernel, operands.weights, operands.channels)
    let (output, outputStride) = (operands.output, operands.outputStride)
    typealias V = ConvolutionVector<Scalar>
    let lanes = V.scalarCount, rows = Height.rows
    var w = weights
    for p in 0..<kernel.height {
        for q in 0..<kernel.width {
            var s00 = V(), s01 = V(), s02 = V(), s10 = V(), s11 = V(), s12 = V()
            var s20 = V(), s21 = V(), s22 = V(), s30 = V(), s31 = V(), s32 = V()
            var s40 = V(), s41 = V(), s42 = V(), s50 = V(), s51 = V(), s52 = V()
            var s60 = V(), s61 = V(), s62 = V(), s70 = V(), s71 = V(), s72 = V()
            var b = source
            for _ in 0..<sources {
                let b0 = loadLanes(b), b1 = loadLanes(b + lanes), b2 = loadLanes(b + 2 * lanes)
                var a = V(repeating: w[0]); s00.addProduct(a, b0); s01.addProduct(a, b1); s02.addProduct(a, b2)
                if rows > 1 { a = V(repeating: w[1]); s10.addProduct(a, b0); s11.addProduct(a, b1); s12.addProduct(a, b2) }
                if rows > 2 { a = V(repeating: w[2]); s20.addProduct(a, b0); s21.addProduct(a, b1); s22.addProduct(a, b2) }
                if rows > 3 { a = V(repeating: w[3]); s30.addProduct(a, b0); s31.addProduct(a, b1); s32.addProduct(a, b2) }
                if rows > 4 { a = V(repeating: w[4]); s40.addProduct(a, b0); s41.addProduct(a, b1); s42.addProduct(a, b2) }
                if rows > 5 { a = V(repeating: w[5]); s50.addProduct(a, b0); s51.addProduct(a, b1); s52.addProduct(a, b2) }
                if rows > 6 { a = V(repeating: w[6]); s60.addProduct(a, b0); s61.addProduct(a, b1); s62.addProduct(a, b2) }
                if rows > 7 { a = V(repeating: w[7]); s70.addProduct(a, b0); s71.addProduct(a, b1); s72.addProduct(a, b2) }
                w += channels
                b += sourceStride
            }
            let tap = output + p * rowPitch + q
            addToTileRow(s00, s01, s02, tap)
            if rows > 1 { addToTileRow(s10, s11, s12, tap + outputStride) }
            if rows > 2 { addToTileRow(s20, s21, s22, tap + 2 * outputStride) }
            if rows > 3 { addToTileRow(s30, s31, s32, tap + 3 * outputStride) }
            if rows > 4 { addToTileRow(s40, s41, s42, tap + 4 * outputStride) }
            if rows > 5 { addToTileRow(s50, s51, s52, tap + 5 * outputStride) }
            if rows > 6 { addToTileRow(s60, s61, s62, tap + 6 * outputStride) }
            if rows > 7 { addToTileRow(s70, s71, s72, tap + 7 * outputStride) }
        }
    }
}
