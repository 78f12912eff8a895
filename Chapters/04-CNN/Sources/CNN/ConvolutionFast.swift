import NablaCore

// The fast convolution: the same three results as ConvolutionNaive.swift, computed by one of two
// algorithms (chosen from the shape alone) on several threads.
//
// Threads: the batch is cut into chunks of images whose size depends only on the batch size; each
// chunk is one task on `WorkerPool.shared`. An image's output is computed whole by one task, so y and
// dL/dx do not depend on the threads. Weight gradients sum over images: each chunk sums its images
// in order into its own buffer, and the chunks' sums are added in chunk order on one thread. The
// result is bitwise the same for any thread count.

/// How the fast convolution computes.
public enum ConvolutionPath: String, Sendable, CaseIterable {
    /// SIMD tiles over a zero-padded copy of each image (DirectConvolution.swift): best for few
    /// channels. Stride 1 only.
    case direct
    /// One matrix product per image over its im2col matrix (Im2col.swift): any stride, best for many channels.
    case im2col

    /// Whether this path can compute `geometry`.
    public func supports(_ geometry: ConvolutionGeometry) -> Bool {
        self == .im2col || geometry.stride == (1, 1)
    }

    /// The path for a shape, from the shape alone. Measured at batch 128 on the reference machine
    /// (see the chapter README): the direct path is 1.2–2× faster than im2col + GEMM on LeNet's
    /// layers and as fast or faster up to 64 → 64 channels on 14×14 images, because it copies
    /// nothing but the padded image. It loses when most of its 48-position tiles are wasted on a
    /// small image (64 → 64 channels on 4×4: 16 useful positions of 48) and the channels are many.
    public static func automatic(for geometry: ConvolutionGeometry) -> ConvolutionPath {
        guard geometry.stride == (1, 1) else { return .im2col }
        let layout = DirectConvolutionLayout(geometry, Float.self)
        let kept = Double(geometry.outputPositions) / Double(layout.outputTiles * layout.tileWidth)
        return kept >= 0.5 || geometry.columnRows < 128 ? .direct : .im2col
    }
}

/// Images whose weight-gradient products the direct path sums in registers at once.
let directGradientGroup = 4

/// y = conv(x, w) + b, as `naiveConvolutionForward`, fast.
@_specialize(where Scalar == Float)
public func fastConvolutionForward<Scalar: Real>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?,
                                                 geometry g: ConvolutionGeometry, path: ConvolutionPath? = nil,
                                                 threads: Int = ComputeThreads.count) -> Tensor<Scalar> {
    checkOperands(g, x: x.shape, weight: weight.shape, bias: bias?.shape, gradient: nil)
    var y = Tensor<Scalar>(toOverwrite: g.outputShape)
    if g.batch == 0 { return y }
    let chosen = resolve(path, g)
    let weights = chosen == .direct ? packed(weight) { DirectConvolutionLayout(g, Scalar.self).packForward($0, into: $1) } : weight
    let (inputSize, outputSize) = (g.inputChannels * g.input.height * g.input.width, g.outputChannels * g.outputPositions)
    x.withUnsafeBufferPointer { x in
    weights.withUnsafeBufferPointer { w in
    withOptionalPointer(bias) { b in
    y.withUnsafeMutableBufferPointer { y in
        let (x, w, b, y) = (shared(x), shared(w), b.map(shared), SendablePointer(y.baseAddress!))
        switch chosen {
        case .direct:
            let layout = DirectConvolutionLayout(g, Scalar.self)
            forEachChunk(g, threads) { images in
                withScratch(layout.paddedInputCount + layout.gradientCount) { scratch in
                    for n in images {
                        layout.pad(x.base + n * inputSize, into: scratch)
                        layout.forward(padded: scratch, weights: w.base, bias: b?.base,
                                       flat: scratch + layout.paddedInputCount, y: y.base + n * outputSize)
                    }
                }
            }
        case .im2col:
            let im2col = Im2colConvolution(g: g)
            forEachChunk(g, threads) { images in
                withScratch(g.columnRows * g.outputPositions) { col in
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
    checkOperands(g, x: nil, weight: weight.shape, bias: nil, gradient: dy.shape)
    var dx = Tensor<Scalar>(toOverwrite: g.inputShape)
    if g.batch == 0 { return dx }
    let chosen = resolve(path, g)
    let weights = chosen == .direct ? packed(weight) { DirectConvolutionLayout(g, Scalar.self).packInputGradient($0, into: $1) } : weight
    let (inputSize, outputSize) = (g.inputChannels * g.input.height * g.input.width, g.outputChannels * g.outputPositions)
    dy.withUnsafeBufferPointer { dy in
    weights.withUnsafeBufferPointer { w in
    dx.withUnsafeMutableBufferPointer { dx in
        let (dy, w, dx) = (shared(dy), shared(w), SendablePointer(dx.baseAddress!))
        switch chosen {
        case .direct:
            let layout = DirectConvolutionLayout(g, Scalar.self)
            forEachChunk(g, threads) { images in
                withScratch(layout.gradientCount + layout.paddedInputCount) { scratch in
                    for n in images {
                        layout.spread(dy.base + n * outputSize, into: scratch)
                        layout.inputGradient(spread: scratch, weights: w.base, padded: scratch + layout.gradientCount,
                                             dx: dx.base + n * inputSize)
                    }
                }
            }
        case .im2col:
            let im2col = Im2colConvolution(g: g)
            forEachChunk(g, threads) { images in
                withScratch(g.columnRows * g.outputPositions) { col in
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
    checkOperands(g, x: x.shape, weight: weight?.shape, bias: nil, gradient: dy.shape)
    var dx = weight.map { _ in Tensor<Scalar>(toOverwrite: g.inputShape) }
    if g.batch == 0 { return (dx, Tensor(zeros: g.weightShape), bias ? Tensor(zeros: [g.outputChannels]) : nil) }
    let chosen = resolve(path, g)
    let weights = weight.map { chosen == .direct ? packed($0) { DirectConvolutionLayout(g, Scalar.self).packInputGradient($0, into: $1) } : $0 }
    let (inputSize, outputSize) = (g.inputChannels * g.input.height * g.input.width, g.outputChannels * g.outputPositions)
    let weightCount = g.outputChannels * g.columnRows
    // One row per chunk: that chunk's dL/dw, then its dL/db.
    let chunks = convolutionChunks(batch: g.batch)
    let rowSize = weightCount + g.outputChannels
    var sums = [Scalar](repeating: 0, count: chunks.count * rowSize)
    x.withUnsafeBufferPointer { x in
    dy.withUnsafeBufferPointer { dy in
    withOptionalPointer(weights) { w in
    withOptionalMutablePointer(&dx) { dx in
    sums.withUnsafeMutableBufferPointer { sums in
        let (x, dy, w, dx, sums) = (shared(x), shared(dy), w.map(shared), dx.map { SendablePointer($0.baseAddress!) },
                                    SendablePointer(sums.baseAddress!))
        switch chosen {
        case .direct:
            let layout = DirectConvolutionLayout(g, Scalar.self)
            let offsets = layout.weightColumnOffsets()
            let lanes = ConvolutionVector<Scalar>.scalarCount
            let partialCount = g.outputChannels * offsets.count * lanes
            let group = Swift.min(directGradientGroup, chunks.size)
            let scratchCount = group * (layout.paddedInputCount + layout.gradientCount) + partialCount
                + g.outputChannels * lanes + (w == nil ? 0 : layout.paddedInputCount)
            forEachChunk(g, threads) { images in
                let sum = sums.base + chunks.index(of: images) * rowSize
                withScratch(scratchCount) { (scratch: UnsafeMutablePointer<Scalar>) in
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
            forEachChunk(g, threads) { images in
                let sum = sums.base + chunks.index(of: images) * rowSize
                withScratch(g.columnRows * g.outputPositions) { col in
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

// MARK: - Shared pieces

/// The batch cut into `count` chunks of `size` images (the last may be shorter), from the batch size
/// alone: at most 8 chunks, so that the per-chunk weight-gradient sums stay few.
struct ConvolutionChunks {
    let size: Int, count: Int, batch: Int

    func images(_ chunk: Int) -> Range<Int> { (chunk * size)..<Swift.min(batch, (chunk + 1) * size) }
    func index(of images: Range<Int>) -> Int { images.lowerBound / size }
}

func convolutionChunks(batch: Int) -> ConvolutionChunks {
    let size = Swift.max(1, (batch + 7) / 8)
    return ConvolutionChunks(size: size, count: (batch + size - 1) / size, batch: batch)
}

/// Runs `body` on every chunk of images, on up to `threads` threads (one, for less than about a
/// million multiply-adds, where waking a thread costs more than it saves).
private func forEachChunk(_ g: ConvolutionGeometry, _ threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = convolutionChunks(batch: g.batch)
    let threads = g.multiplyAdds < 500_000 ? 1 : threads
    WorkerPool.shared.run(tasks: chunks.count, threads: threads) { chunk in body(chunks.images(chunk)) }
}

private func resolve(_ path: ConvolutionPath?, _ g: ConvolutionGeometry) -> ConvolutionPath {
    let path = path ?? .automatic(for: g)
    require(path.supports(g), "convolution: the \(path) path cannot compute \(g)")
    return path
}

private func checkOperands(_ g: ConvolutionGeometry, x: [Int]?, weight: [Int]?, bias: [Int]?, gradient: [Int]?) {
    func check(_ shape: [Int]?, _ expected: [Int], _ name: String) {
        guard let shape else { return }
        require(shape == expected, "convolution: \(name) has shape \(describe(shape: shape)), the geometry \(g) needs \(describe(shape: expected))")
    }
    check(x, g.inputShape, "x")
    check(weight, g.weightShape, "weight")
    check(bias, [g.outputChannels], "bias")
    check(gradient, g.outputShape, "dy")
}

extension Tensor {
    /// A tensor whose every element is about to be written: its memory is not zeroed first (for the
    /// large outputs of a convolution, zeroing takes a tenth of the pass).
    init(toOverwrite shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(shape: shape, scalars: [Scalar](unsafeUninitializedCapacity: count) { _, initialized in initialized = count })
    }
}

/// The weight in the layout the direct path reads.
private func packed<Scalar: Real>(_ weight: Tensor<Scalar>,
                                  _ pack: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void) -> Tensor<Scalar> {
    var result = Tensor<Scalar>(zeros: [weight.count])
    weight.withUnsafeBufferPointer { w in result.withUnsafeMutableBufferPointer { pack(w.baseAddress!, $0.baseAddress!) } }
    return result
}

/// The sum of the lanes of the vector at `p`, in a fixed order: halves added until one is left.
@inline(__always)
private func sumOfLanes<Scalar: Real>(_ p: UnsafePointer<Scalar>) -> Scalar {
    let v = loadLanes(p)
    #if arch(x86_64) && !NABLA_NARROW_VECTORS
    let eight = v.lowHalf + v.highHalf
    #else
    let eight = v
    #endif
    let four = eight.lowHalf + eight.highHalf, two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

/// Zeroed scratch memory for one task, one cache line aligned.
@inline(__always)
private func withScratch<Scalar: Real, Result>(_ count: Int, _ body: (UnsafeMutablePointer<Scalar>) -> Result) -> Result {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, count) * MemoryLayout<Scalar>.stride, alignment: 64)
    defer { raw.deallocate() }
    let pointer = raw.initializeMemory(as: Scalar.self, repeating: 0, count: count)
    return body(pointer)
}

private func shared<Scalar>(_ buffer: UnsafeBufferPointer<Scalar>) -> SendablePointer<Scalar> {
    SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
}

private func withOptionalPointer<Scalar: Real, Result>(_ tensor: Tensor<Scalar>?,
                                                       _ body: (UnsafeBufferPointer<Scalar>?) -> Result) -> Result {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0) }
}

private func withOptionalMutablePointer<Scalar: Real, Result>(_ tensor: inout Tensor<Scalar>?,
                                                              _ body: (UnsafeMutableBufferPointer<Scalar>?) -> Result) -> Result {
    guard tensor != nil else { return body(nil) }
    return tensor!.withUnsafeMutableBufferPointer { body($0) }
}
