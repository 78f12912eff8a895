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

    // MARK: contention (the pool's rule for when its workers cost more than they save)

    func testWorkersOnTheirCoresAreKept() {
        var contention = Contention()
        var now: UInt64 = 0
        for _ in 0..<1000 {
            now += 200_000
            // an idle machine: a worker's tasks take their CPU time, a few µs more of wall clock
            contention.record(offCore: 5_000, work: 150_000, now: now)
            XCTAssertFalse(contention.runsAlone(now: now))
        }
    }

    func testWorkersKeptOffTheirCoresSendTheRegionsToTheCallerForAPauseThatDoubles() {
        var contention = Contention()
        var now: UInt64 = 0
        func lateRegions(_ count: Int) {
            for _ in 0..<count {
                now += 200_000
                // another process holds a core: 3 ms off core for 0.1 ms of work
                contention.record(offCore: 3_000_000, work: 100_000, now: now)
            }
        }
        lateRegions(7)
        XCTAssertFalse(contention.runsAlone(now: now), "seven regions are too few to judge")
        lateRegions(1)
        XCTAssertTrue(contention.runsAlone(now: now + 19_000_000))
        XCTAssertFalse(contention.runsAlone(now: now + 20_000_000), "the first pause is 20 ms")
        now += 20_000_000
        lateRegions(8)
        XCTAssertTrue(contention.runsAlone(now: now + 39_000_000))
        XCTAssertFalse(contention.runsAlone(now: now + 40_000_000), "found late again: 40 ms")
        now += 40_000_000
        // 64 regions on time reset the pause to 20 ms
        for _ in 0..<64 {
            now += 200_000
            contention.record(offCore: 0, work: 100_000, now: now)
        }
        // after that many regions, one late region is judged at once (the averages weigh it 1/8)
        lateRegions(1)
        XCTAssertTrue(contention.runsAlone(now: now + 19_000_000))
        XCTAssertFalse(contention.runsAlone(now: now + 20_000_000), "the pause is 20 ms again")
    }
}
