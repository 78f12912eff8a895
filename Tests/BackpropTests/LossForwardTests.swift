import XCTest
import NablaCore
import Backprop
import NablaTestSupport

/// The library's losses on inputs small enough to compute by hand.
final class LossForwardTests: XCTestCase {
    func testCrossEntropyOfUniformLogitsIsLogC() throws {
        let (loss, cache) = try CrossEntropyLoss<Double>().forward(Tensor(zeros: [2, 4]), target: vector([1, 3]))
        assertClose([loss], [log(4.0)])
        // dL/dx = (p − onehot) / N with p = 1/4
        assertClose(CrossEntropyLoss<Double>().backward(cache: cache),
                    [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375])
    }

    func testCrossEntropyIsStableForLargeLogits() throws {
        let (loss, cache) = try CrossEntropyLoss<Double>().forward(matrix([[1000, -1000]]), target: vector([1]))
        assertClose([loss], [2000])
        assertClose(CrossEntropyLoss<Double>().backward(cache: cache), [1, -1])
    }

    func testCrossEntropyRejectsALabelOutOfRange() {
        XCTAssertThrowsError(try CrossEntropyLoss<Double>().forward(Tensor(zeros: [2, 3]), target: vector([0, 3])))
        XCTAssertThrowsError(try CrossEntropyLoss<Double>().forward(Tensor(zeros: [2, 3]), target: vector([0.5, 1])))
        XCTAssertThrowsError(try CrossEntropyLoss<Double>().forward(Tensor(zeros: [2, 3]), target: vector([0])))
    }

    func testBCEWithLogitsIsStableForPlusMinusAHundred() throws {
        let loss = BCEWithLogitsLoss<Double>()
        let (value, cache) = try loss.forward(vector([100, -100, 100, -100]), target: vector([0, 1, 1, 0]))
        // wrong by a logit of 100 costs 100; right costs log(1 + e^−100) ≈ 3.7e−44
        assertClose([value], [50])
        let gradient = loss.backward(cache: cache)
        XCTAssert(gradient.scalars.allSatisfy(\.isFinite))
        // dL/dx = (σ(x) − t) / n
        assertClose(gradient, [0.25, -0.25, 0, 0])
    }

    func testBCEWithLogitsAtZeroIsLogTwo() throws {
        let (value, _) = try BCEWithLogitsLoss<Double>().forward(vector([0, 0]), target: vector([0.5, 1]))
        assertClose([value], [log(2.0)])
    }

    func testMulticlassHingeOnTheCS231nExample() throws {
        let scores = matrix([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
        let loss = MulticlassHingeLoss<Double>(margin: 1)
        let (value, cache) = try loss.forward(scores, target: vector([0, 1, 2]))
        // cat: max(0, 5.1 − 3.2 + 1) = 2.9; car: 0; frog: (2.2 + 3.1 + 1) + (2.5 + 3.1 + 1) = 12.9
        assertClose([value], [(2.9 + 0 + 12.9) / 3])
        let third = 1.0 / 3
        assertClose(loss.backward(cache: cache), [-third, third, 0, 0, 0, 0, third, third, -2 * third])
    }

    func testMulticlassHingeTermAtExactlyZeroIsInactive() throws {
        let loss = MulticlassHingeLoss<Double>(margin: 1)
        let (value, cache) = try loss.forward(matrix([[1, 0]]), target: vector([0]))
        XCTAssertEqual(value, 0)
        XCTAssertEqual(loss.backward(cache: cache).scalars, [0, 0])
    }

    func testMSEByHand() throws {
        let (value, cache) = try MSELoss<Double>().forward(vector([1, 2]), target: vector([0, 4]))
        assertClose([value], [2.5])
        // dL/dx = 2 (x − t) / n
        assertClose(MSELoss<Double>().backward(cache: cache), [1, -2])
    }

    func testL1ByHandWithSignOfZeroEqualToZero() throws {
        let (value, cache) = try L1Loss<Double>().forward(vector([1, 2, 3]), target: vector([0, 4, 3]))
        assertClose([value], [1])
        assertClose(L1Loss<Double>().backward(cache: cache), [1.0 / 3, -1.0 / 3, 0])
    }

    func testElementwiseLossesRejectDifferentShapes() {
        XCTAssertThrowsError(try MSELoss<Double>().forward(vector([1, 2]), target: vector([1, 2, 3]))) { error in
            XCTAssert(String(describing: error).contains("[2]") && String(describing: error).contains("[3]"))
        }
    }
}
