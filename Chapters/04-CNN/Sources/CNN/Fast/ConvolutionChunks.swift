import NablaCore

// What the fast convolution's three passes share: the batch cut into chunks run in parallel,
// checks, and buffers that may be absent.

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

/// Runs `body` on every chunk of images, on up to `threads` threads (one below
/// `minimumParallelMultiplyAdds`), by NablaCore's determinism rule.
func forEachImageChunk(_ g: ConvolutionGeometry, _ threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = convolutionChunks(batch: g.batch)
    parallelForChunks(count: g.batch, chunkSize: chunks.size,
                      threads: threadsWorthUsing(threads, work: g.multiplyAdds, minimum: minimumParallelMultiplyAdds), body)
}

func resolvePath(_ path: ConvolutionPath?, _ g: ConvolutionGeometry) -> ConvolutionPath {
    let path = path ?? .automatic(for: g)
    require(path.supports(g), "convolution: the \(path) path cannot compute \(g)")
    return path
}

func checkConvolutionOperands(_ g: ConvolutionGeometry, x: [Int]?, weight: [Int]?, bias: [Int]?, gradient: [Int]?) {
    func check(_ shape: [Int]?, _ expected: [Int], _ name: String) {
        guard let shape else { return }
        require(shape == expected, "convolution: \(name) has shape \(describe(shape: shape)), the geometry \(g) needs \(describe(shape: expected))")
    }
    check(x, g.inputShape, "x")
    check(weight, g.weightShape, "weight")
    check(bias, [g.outputChannels], "bias")
    check(gradient, g.outputShape, "dy")
}

/// The weight in the layout the direct path reads.
func packedWeight<Scalar: Real>(_ weight: Tensor<Scalar>,
                                _ pack: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void) -> Tensor<Scalar> {
    var result = Tensor<Scalar>(zeros: [weight.count])
    weight.withUnsafeBufferPointer { w in result.withUnsafeMutableBufferPointer { pack(w.baseAddress!, $0.baseAddress!) } }
    return result
}

/// `tensor.withUnsafeBufferPointer`, or nil without a tensor (an absent bias).
func withBufferIfPresent<Scalar: Real, Result>(_ tensor: Tensor<Scalar>?,
                                               _ body: (UnsafeBufferPointer<Scalar>?) -> Result) -> Result {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0) }
}

/// `tensor.withUnsafeMutableBufferPointer`, or nil without a tensor (a dL/dx nobody asked for).
func withMutableBufferIfPresent<Scalar: Real, Result>(_ tensor: inout Tensor<Scalar>?,
                                                      _ body: (UnsafeMutableBufferPointer<Scalar>?) -> Result) -> Result {
    guard tensor != nil else { return body(nil) }
    return tensor!.withUnsafeMutableBufferPointer { body($0) }
}
