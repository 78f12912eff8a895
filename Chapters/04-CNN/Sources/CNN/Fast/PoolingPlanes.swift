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
