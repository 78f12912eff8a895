import NablaCore

// Nearest upsampling written from its definition, one element at a time: the version to read.
// `Upsample` runs the fast one (UpsampleFast.swift); the tests prove both give the same bits.

/// y[n, c, i, j] = x[n, c, ⌊i / scale_h⌋, ⌊j / scale_w⌋]
public func upsampleNearest2DNaive<Scalar: Real>(_ x: Tensor<Scalar>, scale: UpsampleScale) throws -> Tensor<Scalar> {
    let shape = try scale.outputShape(input: x.shape)
    var y = Tensor<Scalar>(zeros: shape)
    for n in 0..<shape[0] {
        for c in 0..<shape[1] {
            for i in 0..<shape[2] {
                for j in 0..<shape[3] { y[n, c, i, j] = x[n, c, i / scale.height, j / scale.width] }
            }
        }
    }
    return y
}

/// dx[n, c, h, w] = Σ over a < scale_h, b < scale_w of dy[n, c, h·scale_h + a, w·scale_w + b]
///
/// Every copy of x[n, c, h, w] passed it on unchanged, so its gradient is the sum over its block.
public func upsampleNearest2DBackwardNaive<Scalar: Real>(_ dy: Tensor<Scalar>, inputShape: [Int],
                                                         scale: UpsampleScale) -> Tensor<Scalar> {
    let outputShape = try? scale.outputShape(input: inputShape)
    require(dy.shape == outputShape,
            "\(scale.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(outputShape.map { describe(shape: $0) } ?? "invalid")")
    var dx = Tensor<Scalar>(zeros: inputShape)
    for n in 0..<inputShape[0] {
        for c in 0..<inputShape[1] {
            for h in 0..<inputShape[2] {
                for w in 0..<inputShape[3] {
                    var sum: Scalar = 0
                    for a in 0..<scale.height {
                        for b in 0..<scale.width { sum += dy[n, c, h * scale.height + a, w * scale.width + b] }
                    }
                    dx[n, c, h, w] = sum
                }
            }
        }
    }
    return dx
}
