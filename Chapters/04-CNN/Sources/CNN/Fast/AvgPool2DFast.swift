import NablaCore

// The same average pooling as AvgPool2DNaive.swift, computed the same way cell by cell (so the bits
// agree), but on pointers taken once, with the (image, channel) planes spread over threads.

/// y = the mean of each window, padding counted as zeros.
/// Twin: `avgPool2DNaive`; PoolingNaiveFastTests `testAvgPoolFastEqualsNaive` proves them bitwise equal.
@_specialize(where Scalar == Float)
public func avgPool2DFast<Scalar: Real>(_ x: Tensor<Scalar>, window: PoolingWindow) throws -> Tensor<Scalar> {
    let g = try window.geometry(input: x.shape)
    var y = [Scalar](repeating: 0, count: g.planeCount * g.outputPlaneSize)
    if y.isEmpty { return Tensor(shape: g.outputShape, scalars: y) }
    x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
            let x = xBuffer.sendable, y = yBuffer.sendable
            forEachPoolingPlaneChunk(planes: g.planeCount, elementsPerPlane: g.inputPlaneSize) { planes in
                for plane in planes {
                    avgPoolPlane(x.base + plane * g.inputPlaneSize, y.base + plane * g.outputPlaneSize, g)
                }
            }
        }
    }
    return Tensor(shape: g.outputShape, scalars: y)
}

/// dx: each output's gradient divided by the window's size and added to every cell of its window.
/// Twin: `avgPool2DBackwardNaive`; PoolingNaiveFastTests `testAvgPoolFastEqualsNaive`.
@_specialize(where Scalar == Float)
public func avgPool2DBackwardFast<Scalar: Real>(_ dy: Tensor<Scalar>, geometry g: PoolingGeometry) -> Tensor<Scalar> {
    require(dy.shape == g.outputShape,
            "\(g.window.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(describe(shape: g.outputShape))")
    var dx = [Scalar](repeating: 0, count: g.planeCount * g.inputPlaneSize)
    if dy.count == 0 { return Tensor(shape: g.inputShape, scalars: dx) }
    dy.withUnsafeBufferPointer { dyBuffer in
        dx.withUnsafeMutableBufferPointer { dxBuffer in
            let dy = dyBuffer.sendable, dx = dxBuffer.sendable
            forEachPoolingPlaneChunk(planes: g.planeCount, elementsPerPlane: g.inputPlaneSize) { planes in
                for plane in planes {
                    avgPoolBackwardPlane(dy.base + plane * g.outputPlaneSize, dx.base + plane * g.inputPlaneSize, g)
                }
            }
        }
    }
    return Tensor(shape: g.inputShape, scalars: dx)
}

/// One plane: for each window in scan order, the sum of its cells in scan order, over kh·kw.
@inline(__always)
private func avgPoolPlane<Scalar: Real>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>,
                                        _ g: PoolingGeometry) {
    let width = g.width, outputWidth = g.outputWidth
    let divisor = Scalar(g.window.kernelHeight * g.window.kernelWidth)
    for i in 0..<g.outputHeight {
        let rows = g.rows(ofOutputRow: i)
        for j in 0..<outputWidth {
            let columns = g.columns(ofOutputColumn: j)
            var sum: Scalar = 0
            for h in rows {
                for w in columns { sum += x[h * width + w] }
            }
            y[i * outputWidth + j] = sum / divisor
        }
    }
}

/// One plane of the backward pass, windows in scan order as in the naive version.
@inline(__always)
private func avgPoolBackwardPlane<Scalar: Real>(_ dy: UnsafePointer<Scalar>, _ dx: UnsafeMutablePointer<Scalar>,
                                                _ g: PoolingGeometry) {
    let width = g.width, outputWidth = g.outputWidth
    let divisor = Scalar(g.window.kernelHeight * g.window.kernelWidth)
    for i in 0..<g.outputHeight {
        let rows = g.rows(ofOutputRow: i)
        for j in 0..<outputWidth {
            let columns = g.columns(ofOutputColumn: j)
            let share = dy[i * outputWidth + j] / divisor
            for h in rows {
                for w in columns { dx[h * width + w] += share }
            }
        }
    }
}
