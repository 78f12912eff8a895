/// Depth of one packed block (KC): a panel of A, 8 × 256 floats (8 KB), stays in the L1 cache.
let packedDepth = 256
/// Columns of one packed block of op(B) (NC, a multiple of 48 and 24): 256 × 1056 floats fill the
/// 1 MB L2. Measured on 1024³: 512 to 2064 columns are within 3% of each other.
let packedColumns = 1056
/// Rows of C per packed-path task. Each task packs its own copy of the B block.
let packedRows = 256

/// The packed path: C[rows, columns] (+)= op(A)[rows, :] · op(B)[:, columns] for large matrices.
/// For each block of the depth, op(B)'s block is copied into contiguous strips, which stay in L2
/// while every panel of op(A) passes over them, and each panel of op(A) is copied into a contiguous
/// panel, which stays in L1 while it meets every strip. The kernel then reads memory in order,
/// whatever the strides and transposes of A and B.
func packedPathProduct(_ a: Operand, _ b: Operand, depth k: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                       rows: Range<Int>, columns: Range<Int>, accumulate: Bool) {
    let strips = Strip.covering(columns)
    let blockSize = strips.reduce(0) { $0 + packedDepth * $1.width }
    withScratch(maximumTileRows * kernelColumns + maximumTileRows * packedDepth + blockSize) { (scratch: UnsafeMutablePointer<Float>) in
        let tile = scratch, aPanel = scratch + maximumTileRows * kernelColumns, bBlock = aPanel + maximumTileRows * packedDepth
        for p in stride(from: 0, to: k, by: packedDepth) {
            let depth = Swift.min(packedDepth, k - p)
            packBlock(b.shifted(row: 0, depth: p), strips: strips, depth: depth, into: bBlock)
            // After the first depth block, every block adds to what the previous ones left in C.
            let adds = accumulate || p > 0
            for i in stride(from: rows.lowerBound, to: rows.upperBound, by: maximumTileRows) {
                let panelRows = Swift.min(maximumTileRows, rows.upperBound - i)
                pack(a.shifted(row: i, depth: p), rows: panelRows, depth: depth, width: maximumTileRows, into: aPanel)
                let panel = Operand(base: aPanel, rowStride: 1, depthStride: maximumTileRows)
                var offset = 0
                for strip in strips {
                    multiplyTile(depth: depth, panel, rows: panelRows, bBlock + offset, bDepthStride: strip.width,
                                 strip: strip, c: c + i * ldc + strip.start, ldc: ldc, accumulate: adds, tile: tile)
                    offset += depth * strip.width
                }
            }
        }
    }
}

/// Packs depth 0..<depth of `b` for each strip, one strip after the other: block = [strip 0 | strip 1 | …].
/// When B's rows are contiguous, each row is read once from left to right and dealt out to the strips:
/// walking down one strip at a time would touch a new page at every row of a wide B.
private func packBlock(_ b: Operand, strips: [Strip], depth: Int, into block: UnsafeMutablePointer<Float>) {
    guard b.rowStride == 1 else {
        var panel = block
        for strip in strips {
            pack(b.shifted(row: strip.start, depth: 0), rows: strip.columns, depth: depth, width: strip.width, into: panel)
            panel += depth * strip.width
        }
        return
    }
    for p in 0..<depth {
        let row = b.base + p * b.depthStride
        var panel = block
        for strip in strips {
            copyPadded(row + strip.start, count: strip.columns, to: panel + p * strip.width, width: strip.width)
            panel += depth * strip.width
        }
    }
}
