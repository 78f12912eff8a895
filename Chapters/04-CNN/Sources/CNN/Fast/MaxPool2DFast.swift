import NablaCore

// The same max pooling as MaxPool2DNaive.swift, computed the same way cell by cell (so the bits
// agree), but on pointers taken once, with the (image, channel) planes spread over threads.

/// y = max over each window, and the argmax of each (its position h·W + w in the plane).
/// Twin: `maxPool2DNaive`; PoolingNaiveFastTests `testMaxPoolFastEqualsNaive`,
/// `testMaxPoolSixteenPlanePathEqualsNaive` and `testMaxPoolColumnPairPathEqualsNaive` prove them
/// bitwise equal.
@_specialize(where Scalar == Float)
public func maxPool2DFast<Scalar: Real>(_ x: Tensor<Scalar>, window: PoolingWindow) throws
    -> (output: Tensor<Scalar>, argmax: [Int]) {
    let g = try window.geometry(input: x.shape)
    // Not zeroed first: every window writes its output and its argmax.
    var y = Tensor<Scalar>(toOverwrite: g.outputShape)
    var argmax = [Int](unsafeUninitializedCapacity: y.count) { _, initialized in initialized = y.count }
    if y.count == 0 { return (y, argmax) }
    x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
            argmax.withUnsafeMutableBufferPointer { argmaxBuffer in
                let x = xBuffer.sendable, y = yBuffer.sendable
                let argmax = argmaxBuffer.sendable
                forEachPoolingPlaneChunk(planes: g.planeCount, elementsPerPlane: g.inputPlaneSize) { planes in
                    var plane = planes.lowerBound
                    // Float: 2-wide windows by column pairs, eight windows of a row at a time or a
                    // short row at once (MaxPool2DColumnPairs.swift), other windows sixteen planes
                    // at a time as vector lanes (MaxPool2DSixteenPlanes.swift); both hold positions
                    // as Int32.
                    if Scalar.self == Float.self && poolsColumnPairs(g) {
                        let floats = UnsafeRawPointer(x.base).assumingMemoryBound(to: Float.self)
                        let floatOutputs = UnsafeMutableRawPointer(y.base).assumingMemoryBound(to: Float.self)
                        for plane in planes {
                            let (x, y, argmax) = (floats + plane * g.inputPlaneSize, floatOutputs + plane * g.outputPlaneSize,
                                                  argmax.base + plane * g.outputPlaneSize)
                            if g.outputWidth >= 8 {
                                maxPoolColumnPairsPlane(x, y, argmax, g)
                            } else {
                                maxPoolShortColumnPairsPlane(x, readable: (g.planeCount - plane) * g.inputPlaneSize, y, argmax, g)
                            }
                        }
                        return
                    }
                    if Scalar.self == Float.self && g.inputPlaneSize <= Int(Int32.max) {
                        let floats = UnsafeRawPointer(x.base).assumingMemoryBound(to: Float.self)
                        let floatOutputs = UnsafeMutableRawPointer(y.base).assumingMemoryBound(to: Float.self)
                        while plane + 16 <= planes.upperBound {
                            maxPoolSixteenPlanes(floats + plane * g.inputPlaneSize, floatOutputs + plane * g.outputPlaneSize,
                                                 argmax.base + plane * g.outputPlaneSize, g)
                            plane += 16
                        }
                    }
                    for plane in plane..<planes.upperBound {
                        maxPoolPlane(x.base + plane * g.inputPlaneSize, y.base + plane * g.outputPlaneSize,
                                     argmax.base + plane * g.outputPlaneSize, g)
                    }
                }
            }
        }
    }
    return (y, argmax)
}

/// dx: each output's gradient added to the input cell that was its max.
/// Twin: `maxPool2DBackwardNaive`; PoolingNaiveFastTests `testMaxPoolFastEqualsNaive`.
@_specialize(where Scalar == Float)
public func maxPool2DBackwardFast<Scalar: Real>(_ dy: Tensor<Scalar>, argmax: [Int],
                                                geometry g: PoolingGeometry) -> Tensor<Scalar> {
    require(dy.shape == g.outputShape,
            "\(g.window.layer) backward: dy is \(describe(shape: dy.shape)), the output was \(describe(shape: g.outputShape))")
    guard !argmax.isEmpty else { return Tensor(zeros: g.inputShape) }
    return argmax.withUnsafeBufferPointer { argmaxBuffer in
        let argmax = argmaxBuffer.sendable, outputPlaneSize = g.outputPlaneSize
        return mapPlanes(dy, outputShape: g.inputShape, workPerPlane: g.inputPlaneSize) { plane, dy, dx in
            let argmaxPlane = argmax.base + plane * outputPlaneSize
            for o in 0..<outputPlaneSize { dx[argmaxPlane[o]] += dy[o] }
        }
    }
}

/// One plane of max pooling: windows in scan order, cells of each window in scan order.
@inline(__always)
private func maxPoolPlane<Scalar: Real>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>,
                                        _ argmax: UnsafeMutablePointer<Int>, _ g: PoolingGeometry) {
    let width = g.width
    g.forEachWindow { output, rows, columns in
        var best = -Scalar.infinity, bestPosition = rows.lowerBound * width + columns.lowerBound
        for h in rows {
            for w in columns {
                let value = x[h * width + w]
                if value > best || value.isNaN {
                    best = value
                    bestPosition = h * width + w
                }
            }
        }
        y[output] = best
        argmax[output] = bestPosition
    }
}
