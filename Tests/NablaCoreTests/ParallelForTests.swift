import XCTest
import NablaCore

final class ParallelForTests: XCTestCase {
    func testEveryIndexIsVisitedExactlyOnceForAnyThreadCount() {
        for threads in [1, 2, 3, 8] {
            var counts = [Int](repeating: 0, count: 1003)
            counts.withUnsafeMutableBufferPointer { buffer in
                let pointer = SendablePointer(buffer.baseAddress!)
                parallelForChunks(count: 1003, chunkSize: 64, threads: threads) { range in
                    for i in range { pointer.base[i] += 1 }
                }
            }
            XCTAssertEqual(counts, [Int](repeating: 1, count: 1003), "threads \(threads)")
        }
    }

    func testChunkBoundariesDoNotDependOnThreadCount() {
        func chunkSums(threads: Int) -> [Float] {
            let values = (0..<1000).map { Float($0) * 0.001 }
            var sums = [Float](repeating: 0, count: 16)
            values.withUnsafeBufferPointer { source in
                sums.withUnsafeMutableBufferPointer { target in
                    let input = SendablePointer(UnsafeMutablePointer(mutating: source.baseAddress!))
                    let output = SendablePointer(target.baseAddress!)
                    parallelForChunks(count: 1000, chunkSize: 64, threads: threads) { range in
                        var total: Float = 0
                        for i in range { total += input.base[i] }
                        output.base[range.lowerBound / 64] = total
                    }
                }
            }
            return sums
        }
        let one = chunkSums(threads: 1)
        XCTAssertEqual(one, chunkSums(threads: 2))
        XCTAssertEqual(one, chunkSums(threads: 5))
    }

    func testParallelMapKeepsOrderAndIsTheSerialMapForAnyThreadCount() {
        let serial = (0..<257).map { i in (0..<i).reduce(Float(0)) { $0 + Float($1) * 0.1 } }
        for threads in [1, 2, 3, 8] {
            XCTAssertEqual(parallelMap(count: 257, threads: threads) { i in (0..<i).reduce(Float(0)) { $0 + Float($1) * 0.1 } }, serial,
                           "threads \(threads)")
        }
        XCTAssertEqual(parallelMap(count: 0, threads: 2) { $0 }, [])
    }

    /// A buffer of no elements may have no base address; its sendable pointer is still made (an
    /// empty batch through a parallel layer), aligned, and never read.
    func testSendablePointersOfEmptyBuffersCanBeTaken() {
        let reading = UnsafeBufferPointer<Double>(start: nil, count: 0).sendable
        let writing = UnsafeMutableBufferPointer<Double>(start: nil, count: 0).sendable
        XCTAssertEqual(Int(bitPattern: reading.base) % MemoryLayout<Double>.alignment, 0)
        XCTAssertEqual(Int(bitPattern: writing.base) % MemoryLayout<Double>.alignment, 0)
    }

    // MARK: contention (the pool's rule for when its workers cost more than they save)

    func testSlightlySlowRegionsAreJudgedAtTheEndOfTheWindow() {
        var contention = Contention()
        var now: UInt64 = 0
        // 0.11 ms of wall for 0.1 ms of work: lost 10 µs a region, far from 2 ms in a 10 ms window
        while !contention.runsAlone(now: now) && now < 100_000_000 {
            now += 110_000
            contention.record(wall: 110_000, work: 100_000, now: now)
        }
        XCTAssertEqual(now, 10_010_000, "the first region that ends 10 ms after the window began")
    }

    func testWorkersThatSpeedRegionsUpAreKept() {
        var contention = Contention()
        var now: UInt64 = 0
        for _ in 0..<1000 {
            now += 200_000
            // an idle machine: 0.3 ms of work done in 0.16 ms on two threads
            contention.record(wall: 160_000, work: 300_000, now: now)
            XCTAssertFalse(contention.runsAlone(now: now))
        }
    }

    func testWorkersThatSlowRegionsDownSendThemToTheCallerForAPauseThatDoubles() {
        var contention = Contention()
        var now: UInt64 = 0
        /// Regions of 0.2 ms of work that take 1 ms (a worker kept off its core), until the pool
        /// sends regions to the caller alone; returns how long that took.
        func slowRegionsUntilAlone() -> UInt64 {
            let start = now
            while !contention.runsAlone(now: now) && now - start < 100_000_000 {
                now += 1_000_000
                contention.record(wall: 1_000_000, work: 200_000, now: now)
            }
            return now - start
        }
        XCTAssertEqual(slowRegionsUntilAlone(), 3_000_000, "judged once 2 ms are lost: 0.8 ms in each region")
        XCTAssertTrue(contention.runsAlone(now: now + 19_000_000))
        XCTAssertFalse(contention.runsAlone(now: now + 20_000_000), "the first pause is 20 ms")
        now += 20_000_000
        XCTAssertEqual(slowRegionsUntilAlone(), 3_000_000)
        XCTAssertTrue(contention.runsAlone(now: now + 39_000_000))
        XCTAssertFalse(contention.runsAlone(now: now + 40_000_000), "slow again at once: 40 ms")
        now += 40_000_000
        // a window in which the workers helped puts the pause back to 20 ms
        for _ in 0..<60 {
            now += 200_000
            contention.record(wall: 160_000, work: 300_000, now: now)
        }
        XCTAssertLessThan(slowRegionsUntilAlone(), 100_000_000)
        XCTAssertTrue(contention.runsAlone(now: now + 19_000_000))
        XCTAssertFalse(contention.runsAlone(now: now + 20_000_000), "the pause is 20 ms again")
    }
}
