import NablaCore

// What the three SIMD kernels of the direct convolution (DirectConvolution.swift) share: correlation
// (the forward pass), scatter (dL/dx) and weight gradient (dL/dw).
//
// Each holds a tile of up to 8 rows × 3 vectors (24 accumulators of 16 floats with AVX-512) in
// registers. The rows are channels; the vectors are 48 neighbouring positions of a flattened,
// zero-padded image, so every kernel tap is one contiguous load per vector, and each loaded vector
// is used by every row. The number of rows is a type, so the compiler writes one kernel per height
// and the tests `if rows > r` disappear. `@inline(never)`: inlined into a large caller, the
// optimizer splits the vectors and spills. Helpers that take vectors are `@inline(__always)`: a
// call passes a 16-float vector in pieces.

#if arch(x86_64) && !NABLA_NARROW_VECTORS
/// One AVX-512 register of floats (32 registers: tiles of 8 rows × 3 vectors).
typealias ConvolutionVector<Scalar: SIMDScalar> = SIMD16<Scalar>
/// The most rows a tile holds.
let convolutionTileRows = 8
#else
/// One AVX2 register of floats (16 registers: tiles of at most 4 rows × 3 vectors).
typealias ConvolutionVector<Scalar: SIMDScalar> = SIMD8<Scalar>
let convolutionTileRows = 4
#endif

/// Positions one tile covers: three vectors.
func convolutionTileWidth<Scalar: Real>(_: Scalar.Type) -> Int { 3 * ConvolutionVector<Scalar>.scalarCount }

/// The channels (rows) a kernel computes at once.
protocol ConvolutionTileHeight { static var rows: Int { get } }
enum EightRowTile: ConvolutionTileHeight { static var rows: Int { 8 } }
enum SixRowTile: ConvolutionTileHeight { static var rows: Int { 6 } }
enum FourRowTile: ConvolutionTileHeight { static var rows: Int { 4 } }
enum TwoRowTile: ConvolutionTileHeight { static var rows: Int { 2 } }
enum OneRowTile: ConvolutionTileHeight { static var rows: Int { 1 } }

/// Splits `count` channels into tile heights, largest first (6 = 6, 16 = 8 + 8, 5 = 4 + 1), and calls
/// `body` with each tile's first channel and its number of rows.
@inline(__always)
func forEachChannelTile(_ count: Int, _ body: (_ first: Int, _ rows: Int) -> Void) {
    var first = 0
    while first < count {
        let left = Swift.min(count - first, convolutionTileRows)
        let rows = left >= 8 ? 8 : left >= 6 ? 6 : left >= 4 ? 4 : left >= 2 ? 2 : 1
        body(first, rows)
        first += rows
    }
}

@inline(__always)
func loadLanes<Scalar: Real>(_ pointer: UnsafePointer<Scalar>) -> ConvolutionVector<Scalar> {
    UnsafeRawPointer(pointer).loadUnaligned(as: ConvolutionVector<Scalar>.self)
}

@inline(__always)
func storeLanes<Scalar: Real>(_ vector: ConvolutionVector<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: ConvolutionVector<Scalar>.self)
}

/// The three vectors of a tile row at `pointer`.
@inline(__always)
func loadTileRow<Scalar: Real>(_ pointer: UnsafePointer<Scalar>)
    -> (ConvolutionVector<Scalar>, ConvolutionVector<Scalar>, ConvolutionVector<Scalar>) {
    let lanes = ConvolutionVector<Scalar>.scalarCount
    return (loadLanes(pointer), loadLanes(pointer + lanes), loadLanes(pointer + 2 * lanes))
}

@inline(__always)
func storeTileRow<Scalar: Real>(_ v0: ConvolutionVector<Scalar>, _ v1: ConvolutionVector<Scalar>,
                                _ v2: ConvolutionVector<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>) {
    let lanes = ConvolutionVector<Scalar>.scalarCount
    storeLanes(v0, pointer); storeLanes(v1, pointer + lanes); storeLanes(v2, pointer + 2 * lanes)
}

@inline(__always)
func addToTileRow<Scalar: Real>(_ v0: ConvolutionVector<Scalar>, _ v1: ConvolutionVector<Scalar>,
                                _ v2: ConvolutionVector<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>) {
    let (o0, o1, o2) = loadTileRow(UnsafePointer(pointer))
    storeTileRow(o0 + v0, o1 + v1, o2 + v2, pointer)
}
