import XCTest
import NablaData

final class MNISTForTestsTests: XCTestCase {
    struct Skip: Error { let reason: String }

    /// Without MNIST_DIR a training test uses the repository's copy; in a debug build it is skipped
    /// with a reason that says what to do, never failed and never sent downloading.
    func testWithoutMNISTDirTheRepositoryCopyIsUsed() throws {
        for environment in [[:], ["MNIST_DIR": ""]] {
            do {
                let (training, test) = try MNIST.forTests(environment: environment) { Skip(reason: $0) }
                XCTAssertEqual(training.count + test.count, 70_000)
            } catch let skip as Skip {
                XCTAssertTrue(skip.reason.contains("release build"), skip.reason)
            }
        }
    }
}
