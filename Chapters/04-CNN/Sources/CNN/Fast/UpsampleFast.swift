import NablaCore

// The same nearest upsampling as UpsampleNaive.swift, with the same sums in the same order (so the
// bits agree), but on pointers taken once, with the (image, channel) planes spread over threads.

/// Each input row becomes one output row of repeated cells, copied scale_h times.
/// Twin: `upsampleNearest2DNaive`; PoolingNaiveFastTests `testUpsampleFastEqualsNaive` proves them bitwise equal.
@_specialize(where Scalar == Float)
public func upsampleNearest2DFast<Scalar: Real>(_ x: Tensor<Scalar>, scale: UpsampleScale) throws -> Tensor<Scalar> {
    let shape = try scale.outputShape(input: x.shape)
    let height = x.shape[2], width = x.shape[3], outputWidth = shape[3]
    let (scaleHeight, scaleWidth) = (scale.height, scale.width)
    return mapPlanes(x, outputShape: shape, workPerPlane: shape[2] * outputWidth) { _, x, y in
        for h in 0..<height {
            let source = x + h * width, row = y + h * scaleHeight * outputWidth
            for w in 0..<width {
                for b in 0..<scaleWidth { row[w * scaleWidth + b] = source[w] }
            }
            for copy in 1..<scaleHeight { (row + copy * outputWidth).update(from: row, count: outputWidth) }
        }
    }
}

/// dx: the sum of each cell's scale_h × scale_w block of dy, rows of the block in order.
/// Twin: `upsampleNearest2DBackwardNaive`; PoolingNaiveFastTests `testUpsampleFastEqualsNaive`.
@_specialize(where Scalar == Float)
public func upsampleNearest2DBackwardFast<Scalar: Real>(_ dy: Tensor<Scalar>, inputShape: [Int],
                                                        scale: UpsampleScale) -> Tensor<Scalar> {
    let outputShape = try? scale.outputShape(input: inputShape)
    require(dy.shape == outputShape,
            "\(scale.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(outputShape.map { describe(shape: $0) } ?? "invalid")")
    let height = inputShape[2], width = inputShape[3], outputWidth = dy.shape[3]
    let (scaleHeight, scaleWidth) = (scale.height, scale.width)
    return mapPlanes(dy, outputShape: inputShape, workPerPlane: dy.shape[2] * outputWidth) { _, dy, dx in
        for h in 0..<height {
            let block = dy + h * scaleHeight * outputWidth, target = dx + h * width
            for w in 0..<width {
                var sum: Scalar = 0
                for a in 0..<scaleHeight {
                    for b in 0..<scaleWidth { sum += block[a * outputWidth + w * scaleWidth + b] }
                }
                target[w] = sum
            }
        }
    }
}
