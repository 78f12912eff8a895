import NablaCore

// Max pooling whose windows are one column pair wide (kernel width 2, stride width 2, no padding
// across: LeNet's pooling), eight windows of an output row at a time. A 16-float load of an input
// row holds the eight windows' left cells in its even lanes and their right cells in its odd
// lanes, so a window row costs one load, two shuffles and two vector compares, where the
// sixteen-plane kernel gathers 32 scalars. Lane l compares window l's cells in the one-plane
// loop's order (row by row, left then right) with its rule (larger, or NaN), so it keeps the same
// winner, bit for bit. A row's last eight windows are computed as one more group, overlapping the
// one before (LeNet's 14 windows: 0–7, then 6–13): the overlap is computed twice, identically.

/// Whether `maxPoolColumnPairsPlane` computes this pooling, and is worth it (rows of ≥ 8 windows).
func poolsColumnPairs(_ g: PoolingGeometry) -> Bool {
    g.window.kernelWidth == 2 && g.window.strideWidth == 2 && g.window.paddingWidth == 0 && g.outputWidth >= 8
        && g.inputPlaneSize <= Int(Int32.max)
}

/// Pools one plane `x` into `y` and `argmax` (positions within the plane).
/// Twin: `maxPool2DNaive`; PoolingNaiveFastTests `testMaxPoolColumnPairPathEqualsNaive`.
@inline(never)
func maxPoolColumnPairsPlane(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                             _ argmax: UnsafeMutablePointer<Int>, _ g: PoolingGeometry) {
    let width = g.width, outputWidth = g.outputWidth
    let leftColumns = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
    for i in 0..<g.outputHeight {
        let rows = g.rows(ofOutputRow: i)
        var group = 0
        while true {
            let j = Swift.min(group, outputWidth - 8)
            var best = SIMD8<Float>(repeating: -.infinity)
            var position = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: rows.lowerBound * width + 2 * j)) &+ leftColumns
            for h in rows {
                let pairs = UnsafeRawPointer(x + h * width + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                let left = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: h * width + 2 * j)) &+ leftColumns
                // left cell, then right cell: value > best || value is NaN
                var wins = (pairs.evenHalf .> best) .| (pairs.evenHalf .!= pairs.evenHalf)
                best.replace(with: pairs.evenHalf, where: wins)
                position.replace(with: left, where: wins)
                wins = (pairs.oddHalf .> best) .| (pairs.oddHalf .!= pairs.oddHalf)
                best.replace(with: pairs.oddHalf, where: wins)
                position.replace(with: left &+ 1, where: wins)
            }
            let o = i * outputWidth + j
            UnsafeMutableRawPointer(y + o).storeBytes(of: best, as: SIMD8<Float>.self)
            for lane in 0..<8 { argmax[o + lane] = Int(position[lane]) }
            if j == outputWidth - 8 { break }
            group += 8
        }
    }
}
