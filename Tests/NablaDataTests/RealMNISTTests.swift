import Foundation
import XCTest
import NablaCore
import NablaData

/// Checks on the real database, from the directory in MNIST_DIR (CI sets it).
final class RealMNISTTests: XCTestCase {
    func testRealMNIST() throws {
        guard let directory = ProcessInfo.processInfo.environment["MNIST_DIR"], !directory.isEmpty else {
            throw XCTSkip("MNIST_DIR not set: the checks on the real MNIST files are skipped (set MNIST_DIR to a directory holding them)")
        }
        // SHA-256 of every file is verified while loading.
        let (training, test) = try MNIST.load(directory: directory)
        XCTAssertEqual(training.count, 60_000)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual([training.rows, training.columns, test.rows, test.columns], [28, 28, 28, 28])
        // Every digit, none too rare: the training set has 5,421 (fives) to 6,742 (ones) of each.
        XCTAssertEqual(training.labelCounts(), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        XCTAssertEqual(test.labelCounts().count, 10)
        XCTAssertTrue(test.labelCounts().allSatisfy { $0 > 800 && $0 < 1200 })

        let normalization = Normalization(statisticsOf: training)
        XCTAssertEqual(normalization.mean, 0.1307, accuracy: 0.00005)
        XCTAssertEqual(normalization.standardDeviation, 0.3081, accuracy: 0.00005)

        let (images, labels) = test.batch(indices: [0, 1][...], normalization: normalization, as: Float.self)
        XCTAssertEqual(images.shape, [2, 784])
        XCTAssertEqual(labels.scalars, [7, 2])   // the first two test digits
    }
}
