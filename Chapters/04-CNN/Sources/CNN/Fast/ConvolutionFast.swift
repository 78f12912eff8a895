import NablaCore

// The fast convolution: the same three results as ConvolutionNaive.swift, computed by one of two
// algorithms (chosen from the shape alone) on several threads.
//
// Threads: the batch is cut into chunks of images whose size depends only on the batch size; each
// chunk is one task on `WorkerPool.shared`. An image's output is computed whole by one task, so y and
// dL/dx do not depend on the threads. Weight gradients sum over images: each chunk sums its images
// in order into its own buffer, and the chunks' sums are added in chunk order on one thread. The
// result is bitwise the same for any thread count.

/// Images whose weight-gradient products the direct path sums in registers at once.
let directGradientGroup = 4

/// y = conv(x, w) + b, as `naiveConvolutionForward`, fast. ConvolutionTests
/// `testBothPathsEqualNaiveOnRandomUnitStrideShapes` and `testIm2colEqualsNaiveOnRandomStridesAndPadding`
/// prove the two equal (to rounding) for this and the three functions below.
@_specialize(where Scalar == Float)
public func fastConvolutionForward<Scalar: Real>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?,
                                                 geometry g: ConvolutionGeometry, path: ConvolutionPath? = nil,
                                                 threads: Int = ComputeThreads.count) -> Tensor<Scalar> {
    checkConvolutionOperands(g, x: x.shape, weight: weight.shape, bias: bias?.shape, gradient: nil)
    var y = Tensor<Scalar>(toOverwrite: g.outputShape)
    if g.batch == 0 { return y }
    let chosen = resolvePath(path, g)
    let weights = chosen == .direct ? packedWeight(weight) { DirectConvolutionLayout(g, Scalar.self).packForward($0, into: $1) } : weight
    let (inputSize, outputSize) = (g.inputImageSize, g.outputImageSize)
    x.withUnsafeBufferPointer { x in
    weights.withUnsafeBufferPointer { w in
    withBufferIfPresent(bias) { b in
    y.withUnsafeMutableBufferPointer { y in
        let (x, w, b, y) = (x.sendable, w.sendable, b?.sendable, y.sendable)
        switch chosen {
        case .direct:
            let layout = DirectConvolutionLayout(g, Scalar.self)
            let bases = directForwardUsesChannelLanes(g) ? channelLanesBases(layout) : nil
            forEachImageChunk(g, threads) { images in
                withScratch(layout.paddedInputCount + layout.gradientCount, zeroed: true) { (scratch: UnsafeMutablePointer<Scalar>) in
                    let flat = scratch + layout.paddedInputCount
                    for n in images {
                        layout.pad(x.base + n * inputSize, into: scratch)
                        if let bases {
                            bases.withUnsafeBufferPointer { bases in
                                layout.forwardByChannelLanes(padded: scratch, weights: w.base, bias: b?.base, bases: bases,
                                                             tile: flat, y: y.base + n * outputSize)
                            }
                        } else {
                            layout.forward(padded: scratch, weights: w.base, bias: b?.base, flat: flat, y: y.base + n * outputSize)
                        }
                    }
                }
            }
        case .im2col:
            let im2col = Im2colConvolution(g: g)
            forEachImageChunk(g, threads) { images in
                withScratch(g.columnRows * g.outputPositions, zeroed: true) { col in
                    for n in images {
                        im2col.forward(x.base + n * inputSize, weight: w.base, bias: b?.base, col: col, y: y.base + n * outputSize)
                    }
                }
            }
        }
    }}}}
    return y
}

/// dL/dx, as `naiveConvolutionInputGradient`, fast.
@_specialize(where Scalar == Float)
public func fastConvolutionInputGradient<Scalar: Real>(_ dy: Tensor<Scalar>, weight: Tensor<Scalar>,
                                                       geometry g: ConvolutionGeometry, path: ConvolutionPath? = nil,
                                                       threads: Int = ComputeThreads.count) -> Tensor<Scalar> {
    checkConvolutionOperands(g, x: nil, weight: weight.shape, bias: nil, gradient: dy.shape)
    var dx = Tensor<Scalar>(toOverwrite: g.inputShape)
    if g.batch == 0 { return dx }
    let chosen = resolvePath(path, g)
    let weights = chosen == .direct ? packedWeight(weight) { DirectConvolutionLayout(g, Scalar.self).packInputGradient($0, into: $1) } : weight
    let (inputSize, outputSize) = (g.inputImageSize, g.outputImageSize)
    dy.withUnsafeBufferPointer { dy in
    weights.withUnsafeBufferPointer { w in
    dx.withUnsafeMutableBufferPointer { dx in
        let (dy, w, dx) = (dy.sendable, w.sendable, dx.sendable)
        switch chosen {
        case .direct:
            let layout = DirectConvolutionLayout(g, Scalar.self)
            forEachImageChunk(g, threads) { images in
                withScratch(layout.gradientCount + layout.paddedInputCount, zeroed: true) { scratch in
                    for n in images {
                        layout.spread(dy.base + n * outputSize, into: scratch)
                        layout.inputGradient(spread: scratch, weights: w.base, padded: scratch + layout.gradientCount,
                                             dx: dx.base + n * inputSize)
                    }
                }
            }
        case .im2col:
            let im2col = Im2colConvolution(g: g)
            forEachImageChunk(g, threads) { images in
                withScratch(g.columnRows * g.outputPositions, zeroed: true) { col in
                    for n in images {
                        im2col.inputGradient(dy.base + n * outputSize, weight: w.base, col: col, dx: dx.base + n * inputSize)
                    }
                }
            }
        }
    }}}
    return dx
}

/// dL/dw and, when `bias` is true, dL/db, as `naiveConvolutionWeightGradient` and
/// `naiveConvolutionBiasGradient`, fast.
@_specialize(where Scalar == Float)
public func fastConvolutionParameterGradients<Scalar: Real>(_ dy: Tensor<Scalar>, input x: Tensor<Scalar>, bias: Bool,
                                                            geometry g: ConvolutionGeometry, path: ConvolutionPath? = nil,
                                                            threads: Int = ComputeThreads.count)
    -> (weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
    let gradients = fastConvolutionBackward(dy, input: x, weight: nil, bias: bias, geometry: g, path: path, threads: threads)
    return (gradients.weight, gradients.bias)
}

/// The whole backward pass in one sweep over the batch: dL/dx when the `weight` is given (as
/// `fastConvolutionInputGradient`), dL/dw, and dL/db when `bias` is true. Each image's dy is laid
/// out once for both.
@_specialize(where Scalar == Float)
public func fastConvolutionBackward<Scalar: Real>(_ dy: Tensor<Scalar>, input x: Tensor<Scalar>, weight: Tensor<Scalar>?,
                                                  bias: Bool, geometry g: ConvolutionGeometry, path: ConvolutionPath? = nil,
                                                  threads: Int = ComputeThreads.count)
    -> (input: Tensor<Scalar>?, weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
    checkConvolutionOperands(g, x: x.shape, weight: weight?.shape, bias: nil, gradient: dy.shape)
    var dx = weight.map { _ in Tensor<Scalar>(toOverwrite: g.inputShape) }
    if g.batch == 0 { return (dx, Tensor(zeros: g.weightShape), bias ? Tensor(zeros: [g.outputChannels]) : nil) }
    let chosen = resolvePath(path, g)
    let weights = weight.map { chosen == .direct ? packedWeight($0) { DirectConvolutionLayout(g, Scalar.self).packInputGradient($0, into: $1) } : $0 }
    let (inputSize, outputSize) = (g.inputImageSize, g.outputImageSize)
    let weightCount = g.outputChannels * g.columnRows
    // One row per chunk: that chunk's dL/dw, then its dL/db.
    let chunks = convolutionChunks(batch: g.batch)
    let rowSize = weightCount + g.outputChannels
    var sums = [Scalar](repeating: 0, count: chunks.count * rowSize)
    x.withUnsafeBufferPointer { x in
    dy.withUnsafeBufferPointer { dy in
    withBufferIfPresent(weights) { w in
    withMutableBufferIfPresent(&dx) { dx in
    sums.withUnsafeMutableBufferPointer { sums in
        let (x, dy, w, dx, sums) = (x.sendable, dy.sendable, w?.sendable, dx?.sendable, sums.sendable)
        switch chosen {
        case .direct:
            let layout = DirectConvolutionLayout(g, Scalar.self)
            let offsets = layout.weightColumnOffsets()
            let lanes = SIMDVector<Scalar>.scalarCount
            let partialCount = g.outputChannels * offsets.count * lanes
            let group = Swift.min(directGradientGroup, chunks.size)
            let scratchCount = group * (layout.paddedInputCount + layout.gradientCount) + partialCount
                + g.outputChannels * lanes + (w == nil ? 0 : layout.paddedInputCount)
            forEachImageChunk(g, threads) { images in
                let sum = sums.base + chunks.index(of: images) * rowSize
                withScratch(scratchCount, zeroed: true) { (scratch: UnsafeMutablePointer<Scalar>) in
                    let padded = scratch, spread = padded + group * layout.paddedInputCount
                    let partials = spread + group * layout.gradientCount, biasPartials = partials + partialCount
                    let paddedGradient = biasPartials + g.outputChannels * lanes
                    offsets.withUnsafeBufferPointer { offsets in
                        // The images in groups: each tile sums a whole group before its partial sums leave the registers.
                        for start in stride(from: images.lowerBound, to: images.upperBound, by: group) {
                            let count = Swift.min(group, images.upperBound - start)
                            for k in 0..<count {
                                layout.pad(x.base + (start + k) * inputSize, into: padded + k * layout.paddedInputCount)
                                layout.spread(dy.base + (start + k) * outputSize, into: spread + k * layout.gradientCount)
                                if let w, let dx {
                                    layout.inputGradient(spread: spread + k * layout.gradientCount, weights: w.base,
                                                         padded: paddedGradient, dx: dx.base + (start + k) * inputSize)
                                }
                            }
                            layout.accumulateParameterGradients(padded: padded, spread: spread, images: count, offsets: offsets,
                                                                partials: partials, biasPartials: bias ? biasPartials : nil)
                        }
                    }
                    // dw[o, column] = the sum of the lanes of partials[o][column].
                    for o in 0..<g.outputChannels {
                        for column in 0..<g.columnRows {
                            sum[o * g.columnRows + column] = sumOfLanes(partials + (o * offsets.count + column) * lanes)
                        }
                        sum[weightCount + o] = sumOfLanes(biasPartials + o * lanes)
                    }
                }
            }
        case .im2col:
            let im2col = Im2colConvolution(g: g)
            forEachImageChunk(g, threads) { images in
                let sum = sums.base + chunks.index(of: images) * rowSize
                withScratch(g.columnRows * g.outputPositions, zeroed: true) { col in
                    for n in images {
                        im2col.accumulateParameterGradients(x.base + n * inputSize, dy.base + n * outputSize, col: col,
                                                            dw: sum, db: bias ? sum + weightCount : nil)
                        if let w, let dx {
                            im2col.inputGradient(dy.base + n * outputSize, weight: w.base, col: col, dx: dx.base + n * inputSize)
                        }
                    }
                }
            }
        }
    }}}}}
    // The chunks' sums, added in chunk order.
    var total = [Scalar](repeating: 0, count: rowSize)
    for chunk in 0..<chunks.count {
        for i in 0..<rowSize { total[i] += sums[chunk * rowSize + i] }
    }
    let dw = Tensor(shape: g.weightShape, scalars: Array(total[..<weightCount]))
    return (dx, dw, bias ? Tensor(shape: [g.outputChannels], scalars: Array(total[weightCount...])) : nil)
}
