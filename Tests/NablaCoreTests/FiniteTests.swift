import NablaCore
import XCTest

/// `Tensor.isFinite` sums 0·x in several SIMD accumulators and a scalar tail: a value that is not
/// finite must be seen wherever it sits, in the 64-wide blocks, the 16-wide ones or the tail.
final class FiniteTests: XCTestCase {
    func testEveryPositionOfEveryLengthIsChecked() {
        for count in [0, 1, 15, 16, 17, 63, 64, 65, 80, 130, 200] {
            let finite = Tensor<Float>(shape: [count]) { i in i % 3 == 0 ? .greatestFiniteMagnitude : -Float(i) }
            XCTAssertTrue(finite.isFinite, "\(count) finite values")
            for position in 0..<count {
                for bad: Float in [.nan, .infinity, -.infinity] {
                    var tensor = finite
                    tensor.scalars[position] = bad
                    XCTAssertFalse(tensor.isFinite, "\(bad) at \(position) of \(count)")
                }
            }
        }
    }
}
