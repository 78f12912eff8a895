import NablaCore

// The same average pooling as AvgPool2DNaive.swift, computed the same way cell by cell (so the bits
// agree), but on pointers taken once, with the (image, channel) planes spread over threads.

/// y = the mean of each window, padding counted as zeros.
/// Twin: `avgPool2DNaive`; PoolingNaiveFastTests `testAvgPoolFastEqualsNaive` proves them bitwise equal.
@_specialize(where Scalar == Float)
public func avgPool2DFast<Scalar: Real>(_ x: Tensor<Scalar>, window: PoolingWindow) throws -> Tensor<Scalar> {
    let g = try window.geometry(input: x.shape)
    return mapPlanes(x, outputShape: g.outputShape, workPerPlane: g.inputPlaneSize) { _, x, y in avgPoolPlane(x, y, g) }
}

/// dx: each output's gradient divided by the window's size and added to every cell of its window.
/// Twin: `avgPool2DBackwardNaive`; PoolingNaiveFastTests `testAvgPoolFastEqualsNaive`.
@_specialize(where Scalar == Float)
public func avgPool2DBackwardFast<Scalar: Real>(_ dy: Tensor<Scalar>, geometry g: PoolingGeometry) -> Tensor<Scalar> {
    require(dy.shape == g.outputShape,
            "\(g.window.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(describe(shape: g.outputShape))")
    return mapPlanes(dy, outputShape: g.inputShape, workPerPlane: g.inputPlaneSize) { _, dy, dx in
        avgPoolBackwardPlane(dy, dx, g)
    }
}

/// One plane: for each window in scan order, the sum of its cells in scan order, over kh·kw.
@inline(__always)
private func avgPoolPlane<Scalar: Real>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>,
                                        _ g: PoolingGeometry) {
    let width = g.width, divisor = Scalar(g.window.kernelHeight * g.window.kernelWidth)
    g.forEachWindow { output, rows, columns in
        var sum: Scalar = 0
        for h in rows {
            for w in columns { sum += x[h * width + w] }
        }
        y[output] = sum / divisor
    }
}

/// One plane of the backward pass, windows in scan order as in the naive version.
@inline(__always)
private func avgPoolBackwardPlane<Scalar: Real>(_ dy: UnsafePointer<Scalar>, _ dx: UnsafeMutablePointer<Scalar>,
                                                _ g: PoolingGeometry) {
    let width = g.width, divisor = Scalar(g.window.kernelHeight * g.window.kernelWidth)
    g.forEachWindow { output, rows, columns in
        let share = dy[output] / divisor
        for h in rows {
            for w in columns { dx[h * width + w] += share }
        }
    }
}
