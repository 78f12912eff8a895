import NablaCore
import NablaTrain
import XCTest

/// `ClassificationData.batch` fills its rows in chunks on the compute threads; the batch must be
/// the examples at the indices, in their order, whatever the thread count.
final class BatchTests: XCTestCase {
    func testBatchIsTheExamplesInOrderOnAnyThreadCount() {
        let data = GaussianBlobs(count: 300, seed: 5, separation: 1)
        // 37 scattered indices: two whole chunks of 16 and a part one, from a slice that does not start at 0
        let all = (0..<60).map { ($0 * 113 + 7) % data.count }
        let indices = all[10..<47]
        // one example at a time, by the data set's own fill
        var expected = [Float](repeating: .nan, count: indices.count * 20), expectedLabels = [Float](repeating: .nan, count: indices.count)
        expected.withUnsafeMutableBufferPointer { features in
            expectedLabels.withUnsafeMutableBufferPointer { labels in
                for row in 0..<indices.count {
                    let at = indices.startIndex + row
                    data.fill(indices[at..<at + 1], features: features.baseAddress! + row * 20, labels: labels.baseAddress! + row)
                }
            }
        }
        let saved = ComputeThreads.count
        defer { ComputeThreads.count = saved }
        for threads in [1, 2, 5] {
            ComputeThreads.count = threads
            let (features, labels) = data.batch(indices)
            XCTAssertEqual(features.shape, [37, 20])
            XCTAssertEqual(features.scalars, expected, "\(threads) threads")
            XCTAssertEqual(labels.scalars, expectedLabels, "\(threads) threads")
        }
    }
}
