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
    let rows = Height.rows
    let a0 = a, a1 = a + aRowStride, a2 = a + 2 * aRowStride, a3 = a + 3 * aRowStride
    let a4 = a + 4 * aRowStride, a5 = a + 5 * aRowStride, a6 = a + 6 * aRowStride, a7 = a + 7 * aRowStride
    let c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc
    let c4 = c + 4 * ldc, c5 = c + 5 * ldc, c6 = c + 6 * ldc, c7 = c + 7 * ldc
    var s00 = Vector(), s01 = Vector(), s02 = Vector(), s10 = Vector(), s11 = Vector(), s12 = Vector()
    var s20 = Vector(), s21 = Vector(), s22 = Vector(), s30 = Vector(), s31 = Vector(), s32 = Vector()
    var s40 = Vector(), s41 = Vector(), s42 = Vector(), s50 = Vector(), s51 = Vector(), s52 = Vector()
    var s60 = Vector(), s61 = Vector(), s62 = Vector(), s70 = Vector(), s71 = Vector(), s72 = Vector()
    if accumulate {
        s00 = loadVector(c0); s01 = loadVector(c0 + lanes); s02 = loadVector(c0 + 2 * lanes)
        if rows > 1 { s10 = loadVector(c1); s11 = loadVector(c1 + lanes); s12 = loadVector(c1 + 2 * lanes) }
        if rows > 2 { s20 = loadVector(c2); s21 = loadVector(c2 + lanes); s22 = loadVector(c2 + 2 * lanes) }
        if rows > 3 { s30 = loadVector(c3); s31 = loadVector(c3 + lanes); s32 = loadVector(c3 + 2 * lanes) }
        if rows > 4 { s40 = loadVector(c4); s41 = loadVector(c4 + lanes); s42 = loadVector(c4 + 2 * lanes) }
        if rows > 5 { s50 = loadVector(c5); s51 = loadVector(c5 + lanes); s52 = loadVector(c5 + 2 * lanes) }
        if rows > 6 { s60 = loadVector(c6); s61 = loadVector(c6 + lanes); s62 = loadVector(c6 + 2 * lanes) }
        if rows > 7 { s70 = loadVector(c7); s71 = loadVector(c7 + lanes); s72 = loadVector(c7 + 2 * lanes) }
    }
    var bRow = b
    for p in 0..<k {
        let offset = p * aDepthStride
        let b0 = loadVector(bRow), b1 = loadVector(bRow + lanes), b2 = loadVector(bRow + 2 * lanes)
        var x = Vector(repeating: a0[offset]); s00.addProduct(x, b0); s01.addProduct(x, b1); s02.addProduct(x, b2)
        if rows > 1 { x = Vector(repeating: a1[offset]); s10.addProduct(x, b0); s11.addProduct(x, b1); s12.addProduct(x, b2) }
        if rows > 2 { x = Vector(repeating: a2[offset]); s20.addProduct(x, b0); s21.addProduct(x, b1); s22.addProduct(x, b2) }
        if rows > 3 { x = Vector(repeating: a3[offset]); s30.addProduct(x, b0); s31.addProduct(x, b1); s32.addProduct(x, b2) }
        if rows > 4 { x = Vector(repeating: a4[offset]); s40.addProduct(x, b0); s41.addProduct(x, b1); s42.addProduct(x, b2) }
        if rows > 5 { x = Vector(repeating: a5[offset]); s50.addProduct(x, b0); s51.addProduct(x, b1); s52.addProduct(x, b2) }
        if rows > 6 { x = Vector(repeating: a6[offset]); s60.addProduct(x, b0); s61.addProduct(x, b1); s62.addProduct(x, b2) }
        if rows > 7 { x = Vector(repeating: a7[offset]); s70.addProduct(x, b0); s71.addProduct(x, b1); s72.addProduct(x, b2) }
        bRow += bDepthStride
    }
    storeVector(s00, c0); storeVector(s01, c0 + lanes); storeVector(s02, c0 + 2 * lanes)
    if rows > 1 { storeVector(s10, c1); storeVector(s11, c1 + lanes); storeVector(s12, c1 + 2 * lanes) }
    if rows > 2 { storeVector(s20, c2); storeVector(s21, c2 + lanes); storeVector(s22, c2 + 2 * lanes) }
    if rows > 3 { storeVector(s30, c3); storeVector(s31, c3 + lanes); storeVector(s32, c3 + 2 * lanes) }
    if rows > 4 { storeVector(s40, c4); storeVector(s41, c4 + lanes); storeVector(s42, c4 + 2 * lanes) }
    if rows > 5 { storeVector(s50, c5); storeVector(s51, c5 + lanes); storeVector(s52, c5 + 2 * lanes) }
    if rows > 6 { storeVector(s60, c6); storeVector(s61, c6 + lanes); storeVector(s62, c6 + 2 * lanes) }
    if rows > 7 { storeVector(s70, c7); storeVector(s71, c7 + lanes); storeVector(s72, c7 + 2 * lanes) }
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
