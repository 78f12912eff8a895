import NablaCore

// The three SIMD kernels of the direct convolution (DirectConvolution.swift): correlation (the
// forward pass), scatter (dL/dx) and weight gradient (dL/dw). Their readable twins are the loops of
// ConvolutionNaive.swift; ConvolutionTests' `testBothPathsEqualNaiveOnRandomUnitStrideShapes` proves
// them equal on random shapes, and `testChosenShapesReachEveryTileAndChunk` reaches every tile height.
//
// Each holds a tile of up to 8 rows × 3 vectors in registers (NablaCore's SIMD/Tiles.swift). The
// rows are channels; the vectors are 48 neighbouring positions of a flattened, zero-padded image,
// so every kernel tap is one contiguous load per vector, and each loaded vector is used by every row.

/// A kernel of the direct convolution: one `run` per tile height.
protocol DirectTileKernel {
    associatedtype Operands
    static func run<Height: TileHeight>(_: Height.Type, _ operands: Operands)
}

/// Runs `Kernel` on a tile of `rows` channels (8, 6, 4, 2 or 1).
@inline(__always)
func runTile<Kernel: DirectTileKernel>(_: Kernel.Type, rows: Int, _ operands: Kernel.Operands) {
    switch rows {
    case 8: Kernel.run(EightRows.self, operands)
    case 6: Kernel.run(SixRows.self, operands)
    case 4: Kernel.run(FourRows.self, operands)
    case 2: Kernel.run(TwoRows.self, operands)
    default: Kernel.run(OneRow.self, operands)
    }
}

/// Splits `count` channels into tile heights, largest first (6 = 6, 16 = 8 + 8, 5 = 4 + 1), and calls
/// `body` with each tile's first channel and its number of rows.
@inline(__always)
func forEachChannelTile(_ count: Int, _ body: (_ first: Int, _ rows: Int) -> Void) {
    var first = 0
    while first < count {
        let left = Swift.min(count - first, maximumTileRows)
        let rows = left >= 8 ? 8 : left >= 6 ? 6 : left >= 4 ? 4 : left >= 2 ? 2 : 1
        body(first, rows)
        first += rows
    }
}

/// Positions one tile covers: three vectors.
func directTileWidth<Scalar: Real>(_: Scalar.Type) -> Int { 3 * SIMDVector<Scalar>.scalarCount }

/// The operands of a correlation or a scatter tile: `sources` flattened images at `source`,
/// `sourceStride` apart with rows `rowPitch` apart; the packed weights, `channels` per tap; the
/// tile's first output row and the stride between its rows.
struct DirectTileOperands<Scalar: Real> {
    let source: UnsafePointer<Scalar>
    let sources: Int, sourceStride: Int, rowPitch: Int
    let kernel: (height: Int, width: Int)
    let weights: UnsafePointer<Scalar>
    let channels: Int
    let output: UnsafeMutablePointer<Scalar>
    let outputStride: Int
}

// MARK: - Correlation: the forward pass

/// For r < rows and the 3·lanes positions f of the tile,
///
///     output[r·outputStride + f] = Σ_s Σ_p Σ_q weights[((s·K_h + p)·K_w + q)·channels + r] · source[s·sourceStride + p·rowPitch + q + f]
///
/// Each sum runs in the order of s, p, q, starting from 0.
enum Correlation<Scalar: Real>: DirectTileKernel {
    typealias Operands = DirectTileOperands<Scalar>

    @inline(never)
    static func run<Height: TileHeight>(_: Height.Type, _ operands: DirectTileOperands<Scalar>) {
        let (source, sources, sourceStride, rowPitch) = (operands.source, operands.sources, operands.sourceStride, operands.rowPitch)
        let (kernel, weights, channels) = (operands.kernel, operands.weights, operands.channels)
        let (output, outputStride) = (operands.output, operands.outputStride)
        typealias V = SIMDVector<Scalar>
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
                    let b0 = loadVector(row + q), b1 = loadVector(row + q + lanes), b2 = loadVector(row + q + 2 * lanes)
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
}

// MARK: - Scatter: dL/dx

/// Sends a tile of 3·lanes output-gradient positions f back to the inputs they read, for r < rows
/// input channels and every kernel tap (p, q):
///
///     output[r·outputStride + p·rowPitch + q + f] += Σ_s weights[((p·K_w + q)·sources + s)·channels + r] · source[s·sourceStride + f]
///
/// Each tap's sum over s is formed in registers, then added to the output: per output element, the
/// taps add in order of p, q.
enum Scatter<Scalar: Real>: DirectTileKernel {
    typealias Operands = DirectTileOperands<Scalar>

    @inline(never)
    static func run<Height: TileHeight>(_: Height.Type, _ operands: DirectTileOperands<Scalar>) {
        let (source, sources, sourceStride, rowPitch) = (operands.source, operands.sources, operands.sourceStride, operands.rowPitch)
        let (kernel, weights, channels) = (operands.kernel, operands.weights, operands.channels)
        let (output, outputStride) = (operands.output, operands.outputStride)
        typealias V = SIMDVector<Scalar>
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
                    let b0 = loadVector(b), b1 = loadVector(b + lanes), b2 = loadVector(b + 2 * lanes)
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
}

// MARK: - Weight gradient: dL/dw

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

enum WeightGradient<Scalar: Real>: DirectTileKernel {
    typealias Operands = WeightGradientOperands<Scalar>

    @inline(never)
    static func run<Height: TileHeight>(_: Height.Type, _ operands: WeightGradientOperands<Scalar>) {
        let (dy, dyStride, x, offsets) = (operands.outputGradient, operands.dyStride, operands.input, operands.offsets)
        let (positions, partials, partialRowStride) = (operands.positions, operands.partials, operands.partialRowStride)
        let (images, dyImageStride, inputImageStride) = (operands.images, operands.dyImageStride, operands.inputImageStride)
        typealias V = SIMDVector<Scalar>
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
                let b0 = loadVector(x0 + f), b1 = loadVector(x1 + f), b2 = loadVector(x2 + f)
                var d = loadVector(dy + f); s00.addProduct(d, b0); s01.addProduct(d, b1); s02.addProduct(d, b2)
                if rows > 1 { d = loadVector(dy + dyStride + f); s10.addProduct(d, b0); s11.addProduct(d, b1); s12.addProduct(d, b2) }
                if rows > 2 { d = loadVector(dy + 2 * dyStride + f); s20.addProduct(d, b0); s21.addProduct(d, b1); s22.addProduct(d, b2) }
                if rows > 3 { d = loadVector(dy + 3 * dyStride + f); s30.addProduct(d, b0); s31.addProduct(d, b1); s32.addProduct(d, b2) }
                if rows > 4 { d = loadVector(dy + 4 * dyStride + f); s40.addProduct(d, b0); s41.addProduct(d, b1); s42.addProduct(d, b2) }
                if rows > 5 { d = loadVector(dy + 5 * dyStride + f); s50.addProduct(d, b0); s51.addProduct(d, b1); s52.addProduct(d, b2) }
                if rows > 6 { d = loadVector(dy + 6 * dyStride + f); s60.addProduct(d, b0); s61.addProduct(d, b1); s62.addProduct(d, b2) }
                if rows > 7 { d = loadVector(dy + 7 * dyStride + f); s70.addProduct(d, b0); s71.addProduct(d, b1); s72.addProduct(d, b2) }
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
}
