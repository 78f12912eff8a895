import NablaCore

// dL/dw of the direct convolution: dot products of dy with shifted copies of the padded input,
// vectorised over positions (DirectConvolution.swift).

/// The operands of a weight-gradient tile, which adds, for r < rows and three kernel taps u, lane by lane,
///
///     partials[r·partialRowStride + u·lanes + l] += Σ_n Σ_f dy[n·dyImageStride + r·dyStride + f + l] · x[n·inputImageStride + offsets.u + f + l]
///
/// (f = 0, lanes, 2·lanes, … < positions): the products of `rows` output-gradient channels with three
/// shifted copies of the input, over `images` images, summed in order of n and f.
struct WeightGradientOperands<Scalar: Real> {
    let outputGradient: UnsafePointer<Scalar>
    let dyStride: Int, dyImageStride: Int
    let input: UnsafePointer<Scalar>
    let inputImageStride: Int
    let offsets: (Int, Int, Int)
    let positions: Int, images: Int
    let partials: UnsafeMutablePointer<Scalar>
    let partialRowStride: Int
}

/// The weight-gradient tile of `rows` output channels (8, 6, 4, 2 or 1).
@inline(__always)
func weightGradientTile<Scalar: Real>(rows: Int, _ operands: WeightGradientOperands<Scalar>) {
    switch rows {
    case 8: weightGradientKernel(EightRowTile.self, operands)
    case 6: weightGradientKernel(SixRowTile.self, operands)
    case 4: weightGradientKernel(FourRowTile.self, operands)
    case 2: weightGradientKernel(TwoRowTile.self, operands)
    default: weightGradientKernel(OneRowTile.self, operands)
    }
}

@inline(never)
func weightGradientKernel<Height: ConvolutionTileHeight, Scalar: Real>(_: Height.Type, _ operands: WeightGradientOperands<Scalar>) {
    let (dy, dyStride, x, offsets) = (operands.outputGradient, operands.dyStride, operands.input, operands.offsets)
    let (positions, partials, partialRowStride) = (operands.positions, operands.partials, operands.partialRowStride)
    let (images, dyImageStride, inputImageStride) = (operands.images, operands.dyImageStride, operands.inputImageStride)
    typealias V = ConvolutionVector<Scalar>
    let lanes = V.scalarCount, rows = Height.rows
    let zero = (V(), V(), V())
    var (s00, s01, s02) = loadTileRow(UnsafePointer(partials))
    var (s10, s11, s12) = rows > 1 ? loadTileRow(UnsafePointer(partials + partialRowStride)) : zero
    var (s20, s21, s22) = rows > 2 ? loadTileRow(UnsafePointer(partials + 2 * partialRowStride)) : zero
    var (s30, s31, s32) = rows > 3 ? loadTileRow(UnsafePointer(partials + 3 * partialRowStride)) : zero
    var (s40, s41, s42) = rows > 4 ? loadTileRow(UnsafePointer(partials + 4 * partialRowStride)) : zero
    var (s50, s51, s52) = rows > 5 ? loadTileRow(UnsafePointer(partials + 5 * partialRowStride)) : zero
    var (s60, s61, s62) = rows > 6 ? loadTileRow(UnsafePointer(partials + 6 * partialRowStride)) : zero
    var (s70, s71, s72) = rows > 7 ? loadTileRow(UnsafePointer(partials + 7 * partialRowStride)) : zero
    for n in 0..<images {
        let dy = dy + n * dyImageStride, x = x + n * inputImageStride
        let x0 = x + offsets.0, x1 = x + offsets.1, x2 = x + offsets.2
        for f in stride(from: 0, to: positions, by: lanes) {
            let b0 = loadLanes(x0 + f), b1 = loadLanes(x1 + f), b2 = loadLanes(x2 + f)
            var d = loadLanes(dy + f); s00.addProduct(d, b0); s01.addProduct(d, b1); s02.addProduct(d, b2)
            if rows > 1 { d = loadLanes(dy + dyStride + f); s10.addProduct(d, b0); s11.addProduct(d, b1); s12.addProduct(d, b2) }
            if rows > 2 { d = loadLanes(dy + 2 * dyStride + f); s20.addProduct(d, b0); s21.addProduct(d, b1); s22.addProduct(d, b2) }
            if rows > 3 { d = loadLanes(dy + 3 * dyStride + f); s30.addProduct(d, b0); s31.addProduct(d, b1); s32.addProduct(d, b2) }
            if rows > 4 { d = loadLanes(dy + 4 * dyStride + f); s40.addProduct(d, b0); s41.addProduct(d, b1); s42.addProduct(d, b2) }
            if rows > 5 { d = loadLanes(dy + 5 * dyStride + f); s50.addProduct(d, b0); s51.addProduct(d, b1); s52.addProduct(d, b2) }
            if rows > 6 { d = loadLanes(dy + 6 * dyStride + f); s60.addProduct(d, b0); s61.addProduct(d, b1); s62.addProduct(d, b2) }
            if rows > 7 { d = loadLanes(dy + 7 * dyStride + f); s70.addProduct(d, b0); s71.addProduct(d, b1); s72.addProduct(d, b2) }
        }
    }
    storeTileRow(s00, s01, s02, partials)
    if rows > 1 { storeTileRow(s10, s11, s12, partials + partialRowStride) }
    if rows > 2 { storeTileRow(s20, s21, s22, partials + 2 * partialRowStride) }
    if rows > 3 { storeTileRow(s30, s31, s32, partials + 3 * partialRowStride) }
    if rows > 4 { storeTileRow(s40, s41, s42, partials + 4 * partialRowStride) }
    if rows > 5 { storeTileRow(s50, s51, s52, partials + 5 * partialRowStride) }
    if rows > 6 { storeTileRow(s60, s61, s62, partials + 6 * partialRowStride) }
    if rows > 7 { storeTileRow(s70, s71, s72, partials + 7 * partialRowStride) }
}
