import XCTest
import Regularization

final class CrossValidationTests: XCTestCase {
    func testFoldsPartitionTheDataIntoNearlyEqualParts() {
        for (count, k) in [(10, 2), (103, 5), (7, 7)] {
            let folds = CrossValidation.folds(count: count, k: k, seed: 3)
            XCTAssertEqual(folds.count, k)
            XCTAssertEqual(folds.flatMap { $0 }.sorted(), Array(0..<count), "every example in exactly one fold")
            XCTAssertLessThanOrEqual(folds.map(\.count).max()! - folds.map(\.count).min()!, 1)
        }
        XCTAssertEqual(CrossValidation.folds(count: 50, k: 5, seed: 3), CrossValidation.folds(count: 50, k: 5, seed: 3))
        XCTAssertNotEqual(CrossValidation.folds(count: 50, k: 5, seed: 3), CrossValidation.folds(count: 50, k: 5, seed: 4))
    }

    func testMeanAndSampleStandardDeviation() {
        let (mean, deviation) = meanAndStandardDeviation([0.9, 0.92, 0.94])
        XCTAssertEqual(mean, 0.92, accuracy: 1e-12)
        XCTAssertEqual(deviation, 0.02, accuracy: 1e-12)
    }
}
