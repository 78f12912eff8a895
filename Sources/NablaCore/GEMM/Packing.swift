/// Copies rows 0..<rows, depth 0..<depth of `source` into `panel`, `width` rows side by side:
/// panel[p * width + r] = source(r, p), and 0 for the rows r in rows..<width. The kernels then read
/// the panel as contiguous rows of B (width 3 vectors or 1) or as broadcasts of A (width `maximumTileRows`).
/// The in-register transposes work on 16-float vectors; other targets gather element by element.
func pack(_ source: Operand, rows: Int, depth: Int, width: Int, into panel: UnsafeMutablePointer<Float>) {
    if source.rowStride == 1 {
        packContiguousRows(source, rows: rows, depth: depth, width: width, into: panel)
    } else if source.depthStride == 1 && lanes == 16 && width % 16 == 0 {
        packTransposing(source, rows: rows, depth: depth, width: width, into: panel)
    } else if source.depthStride == 1 && lanes == 16 && width == 8 && rows == 8 {
        for p in stride(from: 0, to: depth / 16 * 16, by: 16) {
            transpose8x16(source.base + p, source.rowStride, to: panel + p * 8)
        }
        packGathering(source, rows: rows, paddedRows: width, depths: depth / 16 * 16..<depth, width: width, into: panel)
    } else {
        packGathering(source, rows: rows, paddedRows: width, depths: 0..<depth, width: width, into: panel)
    }
}

/// The rows of the panel are already contiguous in the source: copy them, a vector at a time.
@inline(never)
private func packContiguousRows(_ source: Operand, rows: Int, depth: Int, width: Int, into panel: UnsafeMutablePointer<Float>) {
    for p in 0..<depth { copyPadded(source.base + p * source.depthStride, count: rows, to: panel + p * width, width: width) }
}

/// target[0..<count] = source[0..<count], then zeros up to `width`.
@inline(__always)
func copyPadded(_ source: UnsafePointer<Float>, count: Int, to target: UnsafeMutablePointer<Float>, width: Int) {
    if count == kernelColumns {
        // Written out: as a loop, the compiler calls memmove, which costs more than 192 bytes.
        storeVector(loadVector(source), target)
        storeVector(loadVector(source + lanes), target + lanes)
        storeVector(loadVector(source + 2 * lanes), target + 2 * lanes)
        return
    }
    let vectors = count / lanes * lanes
    for r in stride(from: 0, to: vectors, by: lanes) { storeVector(loadVector(source + r), target + r) }
    for r in vectors..<count { target[r] = source[r] }
    for r in count..<width { target[r] = 0 }
}

/// The source runs along the depth: transpose 16 × 16 blocks in registers, gather what is left over
/// (the rows past the last whole block of 16, and the depth past the last whole block of 16).
@inline(never)
private func packTransposing(_ source: Operand, rows: Int, depth: Int, width: Int, into panel: UnsafeMutablePointer<Float>) {
    let blockRows = rows / 16 * 16, blockDepth = depth / 16 * 16
    for r in stride(from: 0, to: blockRows, by: 16) {
        for p in stride(from: 0, to: blockDepth, by: 16) {
            transpose16x16(source.base + r * source.rowStride + p, source.rowStride, to: panel + p * width + r, width)
        }
    }
    packGathering(source.shifted(row: blockRows, depth: 0), rows: rows - blockRows, paddedRows: width - blockRows,
                  depths: 0..<blockDepth, width: width, into: panel + blockRows)
    packGathering(source, rows: rows, paddedRows: width, depths: blockDepth..<depth, width: width, into: panel)
}

/// panel[p * width + r] = source(r, p) for r < rows, and 0 for rows ≤ r < paddedRows, for p in `depths`,
/// one element at a time. It goes 16 steps of p at a time so that each source row's cache line is used
/// up before the next row is read: with power-of-two row strides the rows would otherwise evict each other.
@inline(never)
private func packGathering(_ source: Operand, rows: Int, paddedRows: Int, depths: Range<Int>, width: Int,
                           into panel: UnsafeMutablePointer<Float>) {
    for p0 in stride(from: depths.lowerBound, to: depths.upperBound, by: 16) {
        let end = Swift.min(p0 + 16, depths.upperBound)
        for r in 0..<rows {
            let from = source.base + r * source.rowStride
            for p in p0..<end { panel[p * width + r] = from[p * source.depthStride] }
        }
        for r in rows..<paddedRows {
            for p in p0..<end { panel[p * width + r] = 0 }
        }
    }
}
