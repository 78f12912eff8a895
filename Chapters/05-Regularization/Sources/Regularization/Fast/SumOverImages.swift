import NablaCore

/// Batch norm's reductions over one channel: Σ_n (Σ_s term(i)), each image's positions summed in
/// order into its own total, and the totals added in image order. `term(i)` is the term at the
/// flat index i = start + n·stride + s (stride: the values from one image's plane of the channel
/// to the next one's, C·S for `[N, C, S]`).
///
/// `sumOverImagesReference` is that loop as written. One chain of additions waits on the adder's
/// latency at every step (about 4 cycles each); `sumOverImages` sums 8 images at once, one SIMD
/// lane each: 8 chains side by side, each adding its image's terms in the same order, and the 8
/// totals then added to the sum one by one in image order. The same additions in the same order,
/// so the same bits (`BatchNormTests` checks it).
@inlinable
public func sumOverImagesReference<Scalar: Real>(batch: Int, positions: Int, start: Int, stride: Int,
                                                 _ term: (Int) -> Scalar) -> Scalar {
    var sum: Scalar = 0
    addImageTotals(to: &sum, images: 0..<batch, positions: positions, start: start, stride: stride, term)
    return sum
}

/// `sumOverImagesReference`, 8 images at a time (see there): the same bits.
@inlinable
public func sumOverImages<Scalar: Real>(batch: Int, positions: Int, start: Int, stride: Int,
                                        _ term: (Int) -> Scalar) -> Scalar {
    var sum: Scalar = 0, n = 0
    while n + 8 <= batch {
        let first = start + n * stride
        var totals = SIMD8<Scalar>()
        for s in first..<(first + positions) {
            totals += SIMD8(term(s), term(s + stride), term(s + 2 * stride), term(s + 3 * stride),
                            term(s + 4 * stride), term(s + 5 * stride), term(s + 6 * stride), term(s + 7 * stride))
        }
        for lane in 0..<8 { sum += totals[lane] }
        n += 8
    }
    addImageTotals(to: &sum, images: n..<batch, positions: positions, start: start, stride: stride, term)
    return sum
}

/// sum += Σ_s term(start + n·stride + s) for each image n of `images`, in order.
@inlinable
func addImageTotals<Scalar: Real>(to sum: inout Scalar, images: Range<Int>, positions: Int, start: Int, stride: Int,
                                  _ term: (Int) -> Scalar) {
    for n in images {
        let first = start + n * stride
        var total: Scalar = 0
        for s in first..<(first + positions) { total += term(s) }
        sum += total
    }
}
