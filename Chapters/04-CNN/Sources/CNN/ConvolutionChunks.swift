import NablaCore

// What the fast convolution's three passes share: the batch cut into chunks run on the worker pool,
// scratch memory, checks, and pointers that may cross into the tasks.

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
func forEachImageChunk(_ g: ConvolutionGeometry, _ threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = convolutionChunks(batch: g.batch)
    let threads = g.multiplyAdds < 500_000 ? 1 : threads
    WorkerPool.shared.run(tasks: chunks.count, threads: threads) { chunk in body(chunks.images(chunk)) }
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

extension Tensor {
    /// A tensor whose every element is about to be written: its memory is not zeroed first (for the
    /// large outputs of a convolution, zeroing takes a tenth of the pass).
    init(toOverwrite shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(shape: shape, scalars: [Scalar](unsafeUninitializedCapacity: count) { _, initialized in initialized = count })
    }
}

/// The weight in the layout the direct path reads.
func packedWeight<Scalar: Real>(_ weight: Tensor<Scalar>,
                                _ pack: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void) -> Tensor<Scalar> {
    var result = Tensor<Scalar>(zeros: [weight.count])
    weight.withUnsafeBufferPointer { w in result.withUnsafeMutableBufferPointer { pack(w.baseAddress!, $0.baseAddress!) } }
    return result
}

/// The sum of the lanes of the vector at `p`, in a fixed order: halves added until one is left.
@inline(__always)
func sumOfLanes<Scalar: Real>(_ p: UnsafePointer<Scalar>) -> Scalar {
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
func withConvolutionScratch<Scalar: Real, Result>(_ count: Int, _ body: (UnsafeMutablePointer<Scalar>) -> Result) -> Result {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, count) * MemoryLayout<Scalar>.stride, alignment: 64)
    defer { raw.deallocate() }
    let pointer = raw.initializeMemory(as: Scalar.self, repeating: 0, count: count)
    return body(pointer)
}

/// A read-only buffer's address, to hand to the tasks (which only read through it).
func sendable<Scalar>(_ buffer: UnsafeBufferPointer<Scalar>) -> SendablePointer<Scalar> {
    SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
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
