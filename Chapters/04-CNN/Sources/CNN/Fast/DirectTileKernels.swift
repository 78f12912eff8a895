import NablaCore

// The three SIMD kernels of the direct convolution (DirectConvolution.swift): correlation (the
// forward pass), scatter (dL/dx) and weight gradient (dL/dw). Their readable twins are the loops of
// ConvolutionNaive.swift; ConvolutionTests' `testBothPathsEqualNaiveOnRandomUnitStrideShapes` proves
// them equal on random shapes, and `testChosenShapesReachEveryTileAndChunk` reaches every tile height.
//
// Each holds a tile of up to 8 rows × 3 vectors in registers (NablaCore's `TileAccumulators`). The
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
        let (kernel, channels) = (operands.kernel, operands.channels)
        var tile = TileAccumulators<Height, Scalar>()
        var w = operands.weights
        for s in 0..<sources {
            var row = source + s * sourceStride
            for _ in 0..<kernel.height {
                for q in 0..<kernel.width {
                    tile.addProducts(broadcasting: w, aStride: 1, loadTileRow(row + q))
                    w += channels
                }
                row += rowPitch
            }
        }
        tile.store(operands.output, rowStride: operands.outputStride)
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
        var w = operands.weights
        for p in 0..<operands.kernel.height {
            for q in 0..<operands.kernel.width {
                var tile = TileAccumulators<Height, Scalar>()
                var b = operands.source
                for _ in 0..<operands.sources {
                    tile.addProducts(broadcasting: w, aStride: 1, loadTileRow(b))
                    w += operands.channels
                    b += operands.sourceStride
                }
                tile.store(operands.output + p * operands.rowPitch + q, rowStride: operands.outputStride, adding: true)
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
        let (offsets, lanes) = (operands.offsets, SIMDVector<Scalar>.scalarCount)
        var tile = TileAccumulators<Height, Scalar>(loading: operands.partials, rowStride: operands.partialRowStride)
        for n in 0..<operands.images {
            let dy = operands.outputGradient + n * operands.dyImageStride, x = operands.input + n * operands.inputImageStride
            let x0 = x + offsets.0, x1 = x + offsets.1, x2 = x + offsets.2
            for f in stride(from: 0, to: operands.positions, by: lanes) {
                tile.addProducts(lanesOf: dy + f, dStride: operands.dyStride, (loadVector(x0 + f), loadVector(x1 + f), loadVector(x2 + f)))
            }
        }
        tile.store(operands.partials, rowStride: operands.partialRowStride)
    }
}
