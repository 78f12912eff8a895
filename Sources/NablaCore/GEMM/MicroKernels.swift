// The register-blocked kernels: a tile of C of `Height.rows` rows (8, 4, 2 or 1) by 3 vectors or 1
// (48 or 16 columns with AVX-512), held in up to 24 vector accumulators. Each step p broadcasts
// A(r, p) for the tile's rows and multiplies it into the row p of B, one fused multiply-add per
// vector. The height is a type, so the compiler writes one kernel per height, and the tests
// `if rows > r` disappear from it.
//
// Every element of C is computed the same way by every kernel, whatever tile it falls in:
// c = fma(A(i, K-1), B(K-1, j), … fma(A(i, 0), B(0, j), c₀)), where c₀ is C's old value when
// accumulating and 0 otherwise. That order fixes the result to the bit: it does not depend on the
// tiling, the path, or the threads.
//
// `@inline(never)`: inlined into a large caller, the optimizer splits the 24 vectors and spills.

/// C[r, 0..<3·lanes] (+)= Σ_p A(r, p) · B[p, 0..<3·lanes] for r in 0..<Height.rows, where A(r, p) is
/// `a[r * aRowStride + p * aDepthStride]` and row p of B starts at `b + p * bDepthStride`.
@inline(never)
func wideKernel<Height: TileHeight>(_: Height.Type, depth k: Int,
                                    _ a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
                                    _ b: UnsafePointer<Float>, bDepthStride: Int,
                                    _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    var tile = accumulate ? TileAccumulators<Height, Float>(loading: c, rowStride: ldc) : TileAccumulators()
    var bRow = b
    for p in 0..<k {
        tile.addProducts(broadcasting: a + p * aDepthStride, aStride: aRowStride, loadTileRow(bRow))
        bRow += bDepthStride
    }
    tile.store(c, rowStride: ldc)
}

/// C[r, 0..<lanes] (+)= Σ_p A(r, p) · B[p, 0..<lanes] for r in 0..<Height.rows, operands as in `wideKernel`.
@inline(never)
func narrowKernel<Height: TileHeight>(_: Height.Type, depth k: Int,
                                      _ a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
                                      _ b: UnsafePointer<Float>, bDepthStride: Int,
                                      _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let rows = Height.rows
    let a0 = a, a1 = a + aRowStride, a2 = a + 2 * aRowStride, a3 = a + 3 * aRowStride
    let a4 = a + 4 * aRowStride, a5 = a + 5 * aRowStride, a6 = a + 6 * aRowStride, a7 = a + 7 * aRowStride
    let c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc
    let c4 = c + 4 * ldc, c5 = c + 5 * ldc, c6 = c + 6 * ldc, c7 = c + 7 * ldc
    var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector()
    var s4 = Vector(), s5 = Vector(), s6 = Vector(), s7 = Vector()
    if accumulate {
        s0 = loadVector(c0)
        if rows > 1 { s1 = loadVector(c1) }
        if rows > 2 { s2 = loadVector(c2) }
        if rows > 3 { s3 = loadVector(c3) }
        if rows > 4 { s4 = loadVector(c4) }
        if rows > 5 { s5 = loadVector(c5) }
        if rows > 6 { s6 = loadVector(c6) }
        if rows > 7 { s7 = loadVector(c7) }
    }
    var bRow = b
    for p in 0..<k {
        let offset = p * aDepthStride
        let y = loadVector(bRow)
        s0.addProduct(Vector(repeating: a0[offset]), y)
        if rows > 1 { s1.addProduct(Vector(repeating: a1[offset]), y) }
        if rows > 2 { s2.addProduct(Vector(repeating: a2[offset]), y) }
        if rows > 3 { s3.addProduct(Vector(repeating: a3[offset]), y) }
        if rows > 4 { s4.addProduct(Vector(repeating: a4[offset]), y) }
        if rows > 5 { s5.addProduct(Vector(repeating: a5[offset]), y) }
        if rows > 6 { s6.addProduct(Vector(repeating: a6[offset]), y) }
        if rows > 7 { s7.addProduct(Vector(repeating: a7[offset]), y) }
        bRow += bDepthStride
    }
    storeVector(s0, c0)
    if rows > 1 { storeVector(s1, c1) }
    if rows > 2 { storeVector(s2, c2) }
    if rows > 3 { storeVector(s3, c3) }
    if rows > 4 { storeVector(s4, c4) }
    if rows > 5 { storeVector(s5, c5) }
    if rows > 6 { storeVector(s6, c6) }
    if rows > 7 { storeVector(s7, c7) }
}
