/// The vector of the GEMM kernels: NablaCore's SIMD tile vector (SIMD/Tiles.swift) of floats.
typealias Vector = SIMDVector<Float>
/// The floats in one vector: the columns of C the narrow kernel computes at once.
let lanes = Vector.scalarCount
/// The columns of C the wide kernel computes at once.
let kernelColumns = 3 * lanes

/// C[0..<rows, strip] (+)= A(0..<rows, 0..<depth) · B[0..<depth, 0..<strip.width] for rows ≤ maximumTileRows,
/// with row p of B at `b + p * bDepthStride`. The rows go to kernels 8, 4, 2 and 1 high (7 = 4 + 2 + 1).
/// A strip narrower than its kernel goes through `tile` (maximumTileRows × kernelColumns floats) and is
/// copied out, so that no kernel touches memory outside C.
@inline(__always)
func multiplyTile(depth: Int, _ a: Operand, rows: Int, _ b: UnsafePointer<Float>, bDepthStride: Int, strip: Strip,
                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, tile: UnsafeMutablePointer<Float>?) {
    let direct = strip.columns == strip.width
    let (target, targetStride) = direct ? (c, ldc) : (tile!, kernelColumns)
    if !direct && accumulate { copyBlock(rows: rows, columns: strip.columns, from: c, ldc, to: target, targetStride) }
    var row = 0
    func multiply<Height: TileHeight>(_ height: Height.Type) {
        let panel = a.shifted(row: row, depth: 0), out = target + row * targetStride
        if strip.width == kernelColumns {
            wideKernel(height, depth: depth, panel.base, aRowStride: panel.rowStride, aDepthStride: panel.depthStride,
                       b, bDepthStride: bDepthStride, out, ldc: targetStride, accumulate: accumulate)
        } else {
            narrowKernel(height, depth: depth, panel.base, aRowStride: panel.rowStride, aDepthStride: panel.depthStride,
                         b, bDepthStride: bDepthStride, out, ldc: targetStride, accumulate: accumulate)
        }
        row += Height.rows
    }
    while row < rows {
        switch rows - row {
        case 8...: multiply(EightRows.self)
        case 4...: multiply(FourRows.self)
        case 2...: multiply(TwoRows.self)
        default: multiply(OneRow.self)
        }
    }
    if !direct { copyBlock(rows: rows, columns: strip.columns, from: target, targetStride, to: c, ldc) }
}

@inline(__always)
func copyBlock(rows: Int, columns: Int, from source: UnsafePointer<Float>, _ sourceStride: Int,
               to target: UnsafeMutablePointer<Float>, _ targetStride: Int) {
    for r in 0..<rows { (target + r * targetStride).update(from: source + r * sourceStride, count: columns) }
}
