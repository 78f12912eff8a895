import NablaCore

// Max pooling written from its definition, one output at a time: the version to read. `MaxPool2D`
// runs the fast one (MaxPool2DFast.swift); the tests prove both give the same bits.

/// y[n, c, i, j] = max over the window's cells (h, w) of x[n, c, h, w],
/// with h = i·stride_h − padding_h + p, w = j·stride_w − padding_w + q, 0 ≤ p < kernel_h, 0 ≤ q < kernel_w.
///
/// Padding cells count as −∞, so they are never the max: only cells inside the image are visited.
/// Also returns, for every output, `argmax`: the position h·W + w in its plane of the cell that won.
/// Ties go to the first maximum in scan order (row by row), as in PyTorch; NaN wins, as in PyTorch.
public func maxPool2DNaive<Scalar: Real>(_ x: Tensor<Scalar>, window: PoolingWindow) throws
    -> (output: Tensor<Scalar>, argmax: [Int]) {
    let g = try window.geometry(input: x.shape)
    var y = Tensor<Scalar>(zeros: g.outputShape)
    var argmax = [Int](repeating: 0, count: y.count)
    var o = 0  // the flat index of y[n, c, i, j]
    for n in 0..<g.batch {
        for c in 0..<g.channels {
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    let rows = g.rows(ofOutputRow: i), columns = g.columns(ofOutputColumn: j)
                    var best = -Scalar.infinity
                    var bestPosition = rows.lowerBound * g.width + columns.lowerBound
                    for h in rows {
                        for w in columns {
                            let value = x[n, c, h, w]
                            if value > best || value.isNaN {
                                best = value
                                bestPosition = h * g.width + w
                            }
                        }
                    }
                    y[n, c, i, j] = best
                    argmax[o] = bestPosition
                    o += 1
                }
            }
        }
    }
    return (y, argmax)
}

/// dx[n, c, h, w] = Σ dy[n, c, i, j] over the outputs (i, j) whose maximum was x[n, c, h, w].
///
/// The max passes its gradient to the one cell that won; every other cell of the window gets 0.
/// A cell that won several overlapping windows (stride < kernel) collects all their gradients.
public func maxPool2DBackwardNaive<Scalar: Real>(_ dy: Tensor<Scalar>, argmax: [Int],
                                                 geometry g: PoolingGeometry) -> Tensor<Scalar> {
    require(dy.shape == g.outputShape,
            "\(g.window.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(describe(shape: g.outputShape))")
    var dx = Tensor<Scalar>(zeros: g.inputShape)
    var o = 0
    for n in 0..<g.batch {
        for c in 0..<g.channels {
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    let h = argmax[o] / g.width, w = argmax[o] % g.width
                    dx[n, c, h, w] += dy[n, c, i, j]
                    o += 1
                }
            }
        }
    }
    return dx
}
