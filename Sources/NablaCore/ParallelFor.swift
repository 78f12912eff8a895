import Dispatch

/// Runs `body` over `0..<count` split into chunks of `chunkSize`, on up to `threads` threads.
///
/// The chunks are the same whatever the thread count, and each is handled whole by one thread,
/// so code that writes each chunk's results to its own place gives bitwise identical results for
/// any `threads`. Worker `w` takes chunks w, w + T, w + 2T, … (T workers): no shared counter.
@inlinable
public func parallelForChunks(count: Int, chunkSize: Int, threads: Int,
                              _ body: @Sendable (Range<Int>) -> Void) {
    require(chunkSize > 0, "parallelForChunks: chunkSize must be positive, got \(chunkSize)")
    let chunks = (count + chunkSize - 1) / chunkSize
    @Sendable func chunk(_ c: Int) -> Range<Int> { (c * chunkSize)..<Swift.min(count, (c + 1) * chunkSize) }
    let workers = Swift.max(1, Swift.min(threads, chunks))
    if workers == 1 {
        for c in 0..<chunks { body(chunk(c)) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for c in stride(from: worker, to: chunks, by: workers) { body(chunk(c)) }
    }
}

/// A pointer that may cross into the `@Sendable` closures of `parallelForChunks`. Safe when each
/// thread writes a disjoint part of the memory, which is the caller's promise.
public struct SendablePointer<Pointee>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Pointee>
    @inlinable public init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}
