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

    private let state = Mutex(PoolState())
    private let region = Region()

    private init() {}

    /// Runs `body(task)` for every task in `0..<tasks`, on at most `threads` threads including the
    /// calling one, and returns when all have finished.
    ///
    /// When another process holds a core, a worker is sometimes taken off its core in the middle of
    /// a task, and the region waits for it for milliseconds. The pool notices (`Contention`) and runs
    /// regions on the calling thread alone for a while, then tries the workers again: a busy machine
    /// then runs as fast as one thread, not several times slower. The results are the same bits.
    public func run(tasks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let helpers = Swift.min(threads, tasks) - 1
        if helpers <= 0 { return (0..<tasks).forEach(body) }
        let ran: Bool? = state.withLockIfAvailable { state in
            let start = DispatchTime.now().uptimeNanoseconds
            if state.contention.runsAlone(now: start) {
                (0..<tasks).forEach(body)
                return true
            }
            while state.workers.count < helpers { state.workers.append(Worker(region: region)) }
            let workers = state.workers[..<helpers]
            var ownWork: UInt64 = 0
            withoutActuallyEscaping(body) { body in
                region.begin(tasks: tasks, body: body)
                for worker in workers { worker.start() }
                let cpuStart = threadCPUNanoseconds()
                region.work()
                ownWork = threadCPUNanoseconds() - cpuStart
                for worker in workers { worker.waitUntilFinished() }
                region.end()
            }
            let end = DispatchTime.now().uptimeNanoseconds
            state.contention.record(wall: end - start, work: workers.reduce(ownWork) { $0 + $1.lastWorkNanoseconds }, now: end)
            return true
        }
        if ran == nil { (0..<tasks).forEach(body) }
    }
}

/// The workers, and what the pool has seen of other processes.
private struct PoolState {
    var workers: [Worker] = []
    var contention = Contention()
}

/// Notices when the workers cost more than they save, and then has regions run on the calling
/// thread alone for a while.
///
/// Alone, the caller would take about the CPU time of all the region's tasks (its own and the
/// workers'); together they take the region's wall-clock time. On an idle machine the wall time is
/// about the work divided by the threads. When another process holds a core, a worker is taken off
/// its core now and then while it holds a task, and the region waits for it for a scheduler slice
/// (milliseconds). So the pool adds up, over a window of at least 8 regions and 10 ms, the regions'
/// wall time and their work (every thread's CPU time in tasks); when the wall time exceeds the work
/// (at the window's end, or as soon as it does so by 2 ms), the workers slowed the regions down,
/// and regions run alone for a pause: 20 ms, doubling each time the workers are tried again and
/// found so at once (up to 5 s, so that the tries cost under 1%), back to 20 ms once they are not.
public struct Contention: Sendable {
    // sums over the current window, in nanoseconds
    private var wall: UInt64 = 0, work: UInt64 = 0
    private var regions = 0
    private var windowStart: UInt64?
    private var pauseNanoseconds: UInt64 = 20_000_000
    private var aloneUntil: UInt64 = 0

    public init() {}

    /// Whether the region starting at `now` should run on the calling thread alone.
    public func runsAlone(now: UInt64) -> Bool { now < aloneUntil }

    /// Records a region that took `wall` nanoseconds from start to end and whose tasks took `work`
    /// nanoseconds of CPU time, over all threads, ending at `now`.
    public mutating func record(wall regionWall: UInt64, work regionWork: UInt64, now: UInt64) {
        if windowStart == nil { windowStart = now - regionWall }
        wall += regionWall
        work += regionWork
        regions += 1
        // A window that has already lost 2 ms is judged at once: a worker taken off its core costs
        // the region a scheduler slice, and each further region of the window could cost another.
        let lostAlready = wall > work + 2_000_000
        guard lostAlready || (regions >= 8 && now - windowStart! >= 10_000_000) else { return }
        if wall > work {
            aloneUntil = now + pauseNanoseconds
            pauseNanoseconds = Swift.min(pauseNanoseconds * 2, 5_120_000_000)
        } else {
            pauseNanoseconds = 20_000_000
        }
        (wall, work, regions, windowStart) = (0, 0, 0, nil)
    }
}

/// This thread's CPU time, in nanoseconds: it does not advance while the thread is off its core.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
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
    private let workNanoseconds = Atomic<UInt64>(0)
    private let sleeping = Atomic<Bool>(false)
    private let wakeUp = NSCondition()

    init(region: Region) {
        let thread = Thread { [self] in
            var done = 0
            while true {
                waitForRequest(after: done)
                let cpuStart = threadCPUNanoseconds()
                region.work()
                workNanoseconds.store(threadCPUNanoseconds() - cpuStart, ordering: .relaxed)
                done += 1
                finished.store(done, ordering: .releasing)
            }
        }
        thread.name = "nabla-worker"
        thread.start()
    }

    /// The CPU time the worker spent on its tasks of the last region it finished.
    var lastWorkNanoseconds: UInt64 { workNanoseconds.load(ordering: .relaxed) }

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
