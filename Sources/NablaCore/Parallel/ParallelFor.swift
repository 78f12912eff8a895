/// Runs `body` over `0..<count` cut into chunks of `chunkSize` (the last may be shorter), on up to
/// `threads` threads of `WorkerPool.shared`, and returns when every chunk is done.
///
/// The determinism rule, which every parallel kernel in Nabla follows: the chunks are chosen from
/// the problem alone, never from the thread count; each chunk is computed whole by one thread, in
/// the same order wherever it runs, and writes only its own outputs; anything that combines
/// chunks (a sum of per-chunk weight gradients) is combined afterwards in chunk order on one
/// thread. Then 1, 2 or 64 threads give the same bits.
@inlinable
public func parallelForChunks(count: Int, chunkSize: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    require(chunkSize > 0, "parallelForChunks: chunkSize must be positive, got \(chunkSize)")
    let chunks = (count + chunkSize - 1) / chunkSize
    WorkerPool.shared.run(tasks: chunks, threads: threads) { chunk in
        body((chunk * chunkSize)..<Swift.min(count, (chunk + 1) * chunkSize))
    }
}

/// `body(i)` for every i in `0..<count`, the calls shared among up to `threads` threads of
/// `WorkerPool.shared`, each whole on one thread (the determinism rule above, one index a chunk).
@inlinable
public func parallelFor(count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    parallelForChunks(count: count, chunkSize: 1, threads: threads) { range in
        for i in range { body(i) }
    }
}

/// `[body(0), body(1), …, body(count − 1)]`, the calls shared among up to `threads` threads of
/// `WorkerPool.shared`. Each call runs whole on one thread; the result array is written element by
/// element, and anything else a call writes must be its own (batch norm's backward writes one
/// channel of dL/dx beside that channel's sums), so any thread count gives the same bits.
@inlinable
public func parallelMap<T>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        if let start = buffer.baseAddress {
            let results = SendablePointer(start)
            parallelFor(count: count, threads: threads) { i in (results.base + i).initialize(to: body(i)) }
        }
        initialized = count
    }
}

/// `body` over `0..<count` in slices of 16,384 elements, shared among `ComputeThreads.count`
/// threads from `minimumParallelElements` elements on (below, on the calling thread alone): for
/// elementwise passes such as an optimizer's update, where each element is computed on its own and
/// the split cannot change a bit.
@inlinable
public func parallelElementwise(count: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let threads = threadsWorthUsing(ComputeThreads.count, work: count, minimum: minimumParallelElements)
    parallelForChunks(count: count, chunkSize: 16_384, threads: threads, body)
}

/// The threads worth using for `work`: 1 below `minimum`, where waking a worker and sharing the
/// caches cost more than the work saves, else `threads`.
@inlinable
public func threadsWorthUsing(_ threads: Int, work: Int, minimum: Int) -> Int { work < minimum ? 1 : threads }

/// The least work in multiply-adds worth a parallel region (matrix products, convolutions):
/// 500,000 fused multiply-adds take about 5 µs on one AVX-512 core, as long as waking a second one.
public let minimumParallelMultiplyAdds = 500_000

/// The least work in element visits worth a parallel region (pooling, upsampling): each visit is a
/// load, a compare or add, and a store, so a tenth of the multiply-adds' minimum, rounded to 2¹⁶.
public let minimumParallelElements = 65_536

/// A pointer that may cross into the `@Sendable` closures of a parallel region. Safe when each
/// task writes a disjoint part of the memory (the determinism rule above), which is the caller's
/// promise; tasks may all read memory that none writes.
public struct SendablePointer<Pointee>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Pointee>
    @inlinable public init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
    /// A pointer the tasks only read through.
    @inlinable public init(reading base: UnsafePointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: base) }
}

extension UnsafeBufferPointer {
    /// The buffer's start, for tasks that only read it; for an empty buffer, an aligned pointer
    /// that is never read (there is nothing to read).
    @inlinable public var sendable: SendablePointer<Element> {
        SendablePointer(reading: baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!)
    }
}

extension UnsafeMutableBufferPointer {
    /// The buffer's start, for tasks that each write their own part of it; for an empty buffer, an
    /// aligned pointer that is never written.
    @inlinable public var sendable: SendablePointer<Element> {
        SendablePointer(baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!)
    }
}
