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
}
