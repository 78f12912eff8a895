import NablaCore

// Average pooling written from its definition, one output at a time: the version to read.
// `AvgPool2D` runs the fast one (AvgPool2DFast.swift); the tests prove both give the same bits.

/// y[n, c, i, j] = (1 / (kernel_h·kernel_w)) · Σ over the window's cells (h, w) of x[n, c, h, w]
///
/// Padding cells are zeros that still count in the divisor (PyTorch's default `count_include_pad`),
/// so the divisor is always kernel_h·kernel_w and only cells inside the image add to the sum.
public func avgPool2DNaive<Scalar: Real>(_ x: Tensor<Scalar>, window: PoolingWindow) throws -> Tensor<Scalar> {
    let g = try window.geometry(input: x.shape)
    let divisor = Scalar(window.kernelHeight * window.kernelWidth)
    var y = Tensor<Scalar>(zeros: g.outputShape)
    for n in 0..<g.batch {
        for c in 0..<g.channels {
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    var sum: Scalar = 0
                    for h in g.rows(ofOutputRow: i) {
                        for w in g.columns(ofOutputColumn: j) { sum += x[n, c, h, w] }
                    }
                    y[n, c, i, j] = sum / divisor
                }
            }
        }
    }
    return y
}

/// dx[n, c, h, w] = Σ dy[n, c, i, j] / (kernel_h·kernel_w) over the windows (i, j) that contain (h, w)
///
/// Each output spreads its gradient evenly over its window; a cell inside several overlapping
/// windows (stride < kernel) collects a share from each. Shares that fall on padding are dropped.
public func avgPool2DBackwardNaive<Scalar: Real>(_ dy: Tensor<Scalar>, geometry g: PoolingGeometry) -> Tensor<Scalar> {
    require(dy.shape == g.outputShape,
            "\(g.window.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(describe(shape: g.outputShape))")
    let divisor = Scalar(g.window.kernelHeight * g.window.kernelWidth)
    var dx = Tensor<Scalar>(zeros: g.inputShape)
    for n in 0..<g.batch {
        for c in 0..<g.channels {
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    let share = dy[n, c, i, j] / divisor
                    for h in g.rows(ofOutputRow: i) {
                        for w in g.columns(ofOutputColumn: j) { dx[n, c, h, w] += share }
                    }
                }
            }
        }
    }
    return dx
}
