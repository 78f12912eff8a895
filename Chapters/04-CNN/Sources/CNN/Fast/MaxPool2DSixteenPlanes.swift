import NablaCore

// Max pooling of Float images, sixteen (image, channel) planes at once, one per vector lane.
//
// Every plane has the same windows, so this is the one-plane loop of MaxPool2DFast.swift with
// vectors in place of numbers: lane l reads plane l, compares in the same order, and keeps the same
// winner, bit for bit. What changes is the compare-and-keep: a vector select instead of a branch,
// which random data mispredicts about half the time: on 2×2 windows the scalar loop takes 17 ns
// per window, this one 3. (LeNet's poolings, 2×2 with stride 2, take the column-pair kernel of
// MaxPool2DColumnPairs.swift: on LeNet's second, 16 planes of 10×10, a batch of 128 takes 190 µs
// here, 126 there.)
// Float only: the vector comparisons compile to single instructions for concrete SIMD types, but
// not in generic code, where they run lane by lane.

/// Pools planes 0..<16 of `x` (planes `inputPlaneSize` apart) into `y` and `argmax`.
/// Twin: `maxPool2DNaive`; PoolingNaiveFastTests `testMaxPoolSixteenPlanePathEqualsNaive`.
@inline(never)
func maxPoolSixteenPlanes(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                          _ argmax: UnsafeMutablePointer<Int>, _ g: PoolingGeometry) {
    let width = g.width, outputWidth = g.outputWidth
    let inputPlaneSize = g.inputPlaneSize, outputPlaneSize = g.outputPlaneSize
    for i in 0..<g.outputHeight {
        let rows = g.rows(ofOutputRow: i)
        for j in 0..<outputWidth {
            let columns = g.columns(ofOutputColumn: j)
            var best = SIMD16<Float>(repeating: -.infinity)
            var position = SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: rows.lowerBound * width + columns.lowerBound))
            for h in rows {
                for w in columns {
                    let value = gatherSixteen(x + h * width + w, stride: inputPlaneSize)
                    // value > best || value is NaN, as in the one-plane loop
                    let wins = (value .> best) .| (value .!= value)
                    best.replace(with: value, where: wins)
                    position.replace(with: Int32(truncatingIfNeeded: h * width + w), where: wins)
                }
            }
            let o = i * outputWidth + j
            for lane in 0..<16 {
                y[lane * outputPlaneSize + o] = best[lane]
                argmax[lane * outputPlaneSize + o] = Int(position[lane])
            }
        }
    }
}

/// p[0], p[stride], p[2·stride], … p[15·stride]: the same cell of sixteen planes.
@inline(__always)
private func gatherSixteen(_ p: UnsafePointer<Float>, stride: Int) -> SIMD16<Float> {
    var lanes = SIMD16<Float>()
    for lane in 0..<16 { lanes[lane] = p[lane * stride] }
    return lanes
}
