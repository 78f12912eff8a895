import XCTest
import NablaData

final class MNISTForTestsTests: XCTestCase {
    struct Skip: Error { let reason: String }

    /// Without MNIST_DIR (or in a debug build) a training test is skipped with a reason that says
    /// what to do, never failed and never sent downloading.
    func testWithoutMNISTDirTheTestIsSkippedWithTheReason() {
        for environment in [[:], ["MNIST_DIR": ""]] {
            XCTAssertThrowsError(try MNIST.forTests(environment: environment) { Skip(reason: $0) }) { error in
                let reason = (error as? Skip)?.reason ?? ""
                XCTAssertTrue(reason.contains("MNIST_DIR not set") || reason.contains("release build"), reason)
            }
        }
    }
}
