import NablaCore

// Max pooling whose windows are one column pair wide (kernel width 2, stride width 2, no padding
// across: LeNet's pooling), eight windows of an output row at a time. A 16-float load of an input
// row holds the eight windows' left cells in its even lanes and their right cells in its odd
// lanes, so a window row costs one load, two shuffles and two vector compares, where the
// sixteen-plane kernel gathers 32 scalars. Lane l compares window l's cells in the one-plane
// loop's order (row by row, left then right) with its rule (larger, or NaN), so it keeps the same
// winner, bit for bit. A row's last eight windows are computed as one more group, overlapping the
// one before (LeNet's 14 windows: 0–7, then 6–13): the overlap is computed twice, identically.
//
// A row of fewer than eight windows (LeNet's second pooling: 5) is one group whose load reaches
// into the next input row (`maxPoolShortColumnPairsPlane`); the lanes past the row's windows are
// computed and not stored. Where such a load would read past the tensor's end, the row is first
// copied into a 16-float buffer.

/// Whether `maxPoolColumnPairsPlane` (rows of ≥ 8 windows) or `maxPoolShortColumnPairsPlane`
/// (shorter rows) computes this pooling.
func poolsColumnPairs(_ g: PoolingGeometry) -> Bool {
    g.window.kernelWidth == 2 && g.window.strideWidth == 2 && g.window.paddingWidth == 0
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
                keepLarger(pairs, left: SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: h * width + 2 * j)) &+ leftColumns,
                           best: &best, position: &position)
            }
            let o = i * outputWidth + j
            UnsafeMutableRawPointer(y + o).storeBytes(of: best, as: SIMD8<Float>.self)
            for lane in 0..<8 { argmax[o + lane] = Int(position[lane]) }
            if j == outputWidth - 8 { break }
            group += 8
        }
    }
}

/// One window row of eight windows: `pairs` holds their left cells in its even lanes and their
/// right cells in its odd ones, at positions `left` and `left + 1`. Lane by lane, in the one-plane
/// loop's order and with its rule (value > best, or value is NaN), the left cell and then the right
/// one replace `best` and its `position`.
@inline(__always)
private func keepLarger(_ pairs: SIMD16<Float>, left: SIMD8<Int32>, best: inout SIMD8<Float>, position: inout SIMD8<Int32>) {
    var wins = (pairs.evenHalf .> best) .| (pairs.evenHalf .!= pairs.evenHalf)
    best.replace(with: pairs.evenHalf, where: wins)
    position.replace(with: left, where: wins)
    wins = (pairs.oddHalf .> best) .| (pairs.oddHalf .!= pairs.oddHalf)
    best.replace(with: pairs.oddHalf, where: wins)
    position.replace(with: left &+ 1, where: wins)
}

/// `maxPoolColumnPairsPlane` for rows of fewer than 8 windows: one group a row, of which the first
/// `outputWidth` lanes are stored. `readable` floats may be read from `x` on (to the tensor's end).
/// Twin: `maxPool2DNaive`; PoolingNaiveFastTests `testMaxPoolColumnPairPathEqualsNaive`.
@inline(never)
func maxPoolShortColumnPairsPlane(_ x: UnsafePointer<Float>, readable: Int, _ y: UnsafeMutablePointer<Float>,
                                  _ argmax: UnsafeMutablePointer<Int>, _ g: PoolingGeometry) {
    let width = g.width, outputWidth = g.outputWidth
    let leftColumns = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
    for i in 0..<g.outputHeight {
        let rows = g.rows(ofOutputRow: i)
        var best = SIMD8<Float>(repeating: -.infinity)
        var position = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: rows.lowerBound * width)) &+ leftColumns
        for h in rows {
            let start = h * width
            let pairs = start + 16 <= readable ? UnsafeRawPointer(x + start).loadUnaligned(as: SIMD16<Float>.self)
                                               : firstFloats(x + start, count: readable - start)
            keepLarger(pairs, left: SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: start)) &+ leftColumns,
                       best: &best, position: &position)
        }
        let o = i * outputWidth
        for lane in 0..<outputWidth {
            y[o + lane] = best[lane]
            argmax[o + lane] = Int(position[lane])
        }
    }
}

/// The `count` < 16 floats at `p`, then zeros: a row's load that must not read past the tensor.
@inline(never)
private func firstFloats(_ p: UnsafePointer<Float>, count: Int) -> SIMD16<Float> {
    var floats = SIMD16<Float>()
    for k in 0..<count { floats[k] = p[k] }
    return floats
}
