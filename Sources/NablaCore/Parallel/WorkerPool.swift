import Foundation
import Synchronization

/// A persistent pool of worker threads for parallel regions that start in about a microsecond.
///
/// `DispatchQueue.concurrentPerform` wakes its threads 20–50 µs late on the reference machine once
/// they have gone idle, which is as long as a whole MLP-sized matrix product. The pool's workers
/// instead spin for about a millisecond after each region, waiting for the next one, then sleep.
///
/// Determinism contract: `run` calls `body` once for every task index, in no fixed order and on any
/// of its threads; a task never runs on two threads and never partly. Results are bitwise identical
/// for any thread count when each task writes only its own outputs and computes them the same way
/// wherever it runs, i.e. when the split into tasks depends on the problem, not on `threads`.
///
/// A region started while another one runs (from inside a task, or from a second thread) runs its
/// tasks serially on the calling thread, so nesting never deadlocks. A training step can thus be one
/// region over fixed chunks of the batch, each chunk calling `gemm(..., threads: 1)`:
///
///     WorkerPool.shared.run(tasks: chunks, threads: threads) { chunk in
///         // forward and backward of rows chunk·size..<(chunk + 1)·size into gradients[chunk]
///     }
///     // then sum gradients[0], gradients[1], … in that order, on one thread
public final class WorkerPool: Sendable {
    /// The pool shared by the whole process. Workers are created on first use, as many as asked for.
    public static let shared = WorkerPool()

    private let workers = Mutex<[Worker]>([])
    private let region = Region()

    private init() {}

    /// Runs `body(task)` for every task in `0..<tasks`, on at most `threads` threads including the
    /// calling one, and returns when all have finished.
    public func run(tasks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let helpers = Swift.min(threads, tasks) - 1
        if helpers <= 0 { return (0..<tasks).forEach(body) }
        let ran: Bool? = workers.withLockIfAvailable { workers in
            while workers.count < helpers { workers.append(Worker(region: region)) }
            withoutActuallyEscaping(body) { body in
                region.begin(tasks: tasks, body: body)
                for worker in workers[..<helpers] { worker.start() }
                region.work()
                for worker in workers[..<helpers] { worker.waitUntilFinished() }
                region.end()
            }
            return true
        }
        if ran == nil { (0..<tasks).forEach(body) }
    }
}

/// The region being run: its tasks, handed out one at a time from a shared counter.
private final class Region: @unchecked Sendable {
    // Written only between regions, by the thread that holds the pool's lock; workers read them
    // after `Worker.start`'s release store, which orders these writes before their reads.
    private var tasks = 0
    private var body: (@Sendable (Int) -> Void)?
    private let next = Atomic<Int>(0)

    func begin(tasks: Int, body: @escaping @Sendable (Int) -> Void) {
        self.tasks = tasks
        self.body = body
        next.store(0, ordering: .relaxed)
    }

    /// Takes tasks until none is left.
    func work() {
        guard let body else { return }
        while true {
            let task = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if task >= tasks { return }
            body(task)
        }
    }

    func end() { body = nil }
}

/// One worker thread: it runs a region's tasks each time `start` is called.
private final class Worker: Sendable {
    /// How long a worker spins, waiting for the next region, before it sleeps.
    static let spinNanoseconds: UInt64 = 1_000_000

    private let requested = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private let wakeUp = NSCondition()

    init(region: Region) {
        let thread = Thread { [self] in
            var done = 0
            while true {
                waitForRequest(after: done)
                region.work()
                done += 1
                finished.store(done, ordering: .releasing)
            }
        }
        thread.name = "nabla-worker"
        thread.start()
    }

    /// Asks the worker to join the current region.
    func start() {
        requested.add(1, ordering: .sequentiallyConsistent)
        if sleeping.load(ordering: .sequentiallyConsistent) {
            wakeUp.lock()
            wakeUp.signal()
            wakeUp.unlock()
        }
    }

    /// Spins until the worker has finished the region, yielding now and then: if it shares this core
    /// with the caller (more threads than free cores), it can only finish when the caller lets it run.
    func waitUntilFinished() {
        let target = requested.load(ordering: .relaxed)
        var spins = 0
        while finished.load(ordering: .acquiring) < target {
            spins += 1
            if spins % 64 == 0 { sched_yield() }
        }
    }

    private func waitForRequest(after done: Int) {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
        var spins = 0
        while requested.load(ordering: .acquiring) == done {
            spins += 1
            if spins % 1024 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { return sleep(after: done) }
        }
    }

    // `start` stores `requested` then reads `sleeping`; this stores `sleeping` then reads `requested`.
    // Both sequentially consistent, so at least one side sees the other's write: no lost wake-up.
    private func sleep(after done: Int) {
        wakeUp.lock()
        sleeping.store(true, ordering: .sequentiallyConsistent)
        while requested.load(ordering: .sequentiallyConsistent) == done { wakeUp.wait() }
        sleeping.store(false, ordering: .relaxed)
        wakeUp.unlock()
    }
}
