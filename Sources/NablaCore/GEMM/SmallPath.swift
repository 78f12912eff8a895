/// The small path: C[rows, strip] (+)= op(A)[rows, :] · op(B)[:, strip], reading A and B where they
/// lie, the whole depth in one pass. Only a strip of op(B) that is stored transposed, or narrower
/// than its kernel, is packed first. Fast while op(A) stays in the L2 cache, as in the MNIST MLP.
func smallPathProduct(_ a: Operand, _ b: Operand, depth k: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                      rows: Range<Int>, strip: Strip, accumulate: Bool) {
    let packsB = b.rowStride != 1 || strip.columns < strip.width
    func multiplyPanels(_ bRows: UnsafePointer<Float>, _ bDepthStride: Int, tile: UnsafeMutablePointer<Float>?) {
        for i in stride(from: rows.lowerBound, to: rows.upperBound, by: maximumTileRows) {
            multiplyTile(depth: k, a.shifted(row: i, depth: 0), rows: Swift.min(maximumTileRows, rows.upperBound - i),
                         bRows, bDepthStride: bDepthStride, strip: strip,
                         c: c + i * ldc + strip.start, ldc: ldc, accumulate: accumulate, tile: tile)
        }
    }
    if !packsB { return multiplyPanels(b.base + strip.start * b.rowStride, b.depthStride, tile: nil) }
    withScratch(maximumTileRows * kernelColumns + k * strip.width) { (scratch: UnsafeMutablePointer<Float>) in
        let tile = scratch, packed = scratch + maximumTileRows * kernelColumns
        pack(b.shifted(row: strip.start, depth: 0), rows: strip.columns, depth: k, width: strip.width, into: packed)
        multiplyPanels(packed, strip.width, tile: tile)
    }
}
