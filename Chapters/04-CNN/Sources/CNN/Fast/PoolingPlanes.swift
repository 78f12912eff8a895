import NablaCore

/// Runs `body` over the (image, channel) planes `0..<planes`, in chunks of whole planes, on up to
/// `ComputeThreads.count` threads of the shared worker pool.
///
/// Pooling and upsampling never mix planes, and each plane is computed by one thread, start to end,
/// in the same order wherever it runs: the results are bitwise identical for any thread count. The
/// chunk size depends on the shape alone (about 16K elements of work per chunk, whole groups of 16
/// planes when there are that many), and work under `minimumParallelElements` stays on the calling
/// thread, where starting threads would cost more than it saves.
func forEachPoolingPlaneChunk(planes: Int, elementsPerPlane: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let work = max(elementsPerPlane, 1)
    let planesFor16K = max(1, 16_384 / work)
    // Whole groups of 16 planes when a chunk holds that many: Float max pooling takes 16 at a time.
    let planesPerChunk = planesFor16K >= 16 ? planesFor16K - planesFor16K % 16 : planesFor16K
    parallelForChunks(count: planes, chunkSize: planesPerChunk,
                      threads: threadsWorthUsing(ComputeThreads.count, work: planes * work, minimum: minimumParallelElements), body)
}

/// A tensor of `outputShape` `[N, C, …]` computed plane by plane from `input` `[N, C, …]`:
/// `body(plane, inputPlane, outputPlane)` for every (image, channel) plane, its output zeroed first,
/// spread over threads as `forEachPoolingPlaneChunk` spreads planes of `workPerPlane` elements.
func mapPlanes<Scalar: Real>(_ input: Tensor<Scalar>, outputShape: [Int], workPerPlane: Int,
                             _ body: @Sendable (_ plane: Int, _ input: UnsafePointer<Scalar>,
                                                _ output: UnsafeMutablePointer<Scalar>) -> Void) -> Tensor<Scalar> {
    let planes = outputShape[0] * outputShape[1]
    let outputPlaneSize = outputShape.dropFirst(2).reduce(1, *), inputPlaneSize = input.count / max(planes, 1)
    if planes * outputPlaneSize == 0 || input.count == 0 { return Tensor(zeros: outputShape) }
    // Each plane's output is zeroed by the thread that computes it, not all at once beforehand.
    var output = Tensor<Scalar>(toOverwrite: outputShape)
    input.withUnsafeBufferPointer { inputBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
            let (input, output) = (inputBuffer.sendable, outputBuffer.sendable)
            forEachPoolingPlaneChunk(planes: planes, elementsPerPlane: workPerPlane) { range in
                for plane in range {
                    let planeOutput = output.base + plane * outputPlaneSize
                    planeOutput.update(repeating: 0, count: outputPlaneSize)
                    body(plane, input.base + plane * inputPlaneSize, planeOutput)
                }
            }
        }
    }
    return output
}
