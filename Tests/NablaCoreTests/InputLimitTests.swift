import XCTest
import NablaCore

/// Issue 10, items 7 and 8: depth and sizes from input are checked before they are used.
final class InputLimitTests: XCTestCase {
    func testDeepNestingIsAnErrorNotAStackOverflow() {
        let deep = String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
        XCTAssertThrowsError(try JSON.parse(deep, file: "deep.json")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("deep.json: invalid JSON at line 1, column 101: arrays and objects nested more than 100 deep"), message)
        }
        let objects = String(repeating: "{\"a\":", count: 5_000) + "1" + String(repeating: "}", count: 5_000)
        XCTAssertThrowsError(try JSON.parse(objects, file: "objects.json"))
        // The limit itself is allowed.
        let limit = String(repeating: "[", count: JSON.maximumDepth) + String(repeating: "]", count: JSON.maximumDepth)
        XCTAssertNoThrow(try JSON.parse(limit))
    }

    func testNumbersBeyondDoubleAndRepeatedKeysAreErrors() {
        XCTAssertThrowsError(try JSON.parse("[1, 1e999]", file: "big.json")) { error in
            XCTAssertTrue("\(error)".contains("big.json: invalid JSON at line 1, column 5: the number 1e999 is too large"), "\(error)")
        }
        XCTAssertThrowsError(try JSON.parse("-1e400"))
        XCTAssertEqual(try JSON.parse("1e-400"), .number(0), "underflow to zero is a number, not an error")
        XCTAssertThrowsError(try JSON.parse(#"{"a": 1, "a": 2}"#)) { error in
            XCTAssertTrue("\(error)".contains("the key \"a\" appears twice"), "\(error)")
        }
    }

    func testElementCountsAreOverflowCheckedAndBounded() {
        XCTAssertEqual(TensorSize.elementCount([2, 3, 4]), 24)
        XCTAssertEqual(TensorSize.elementCount([]), 1)
        XCTAssertEqual(TensorSize.elementCount([0, 1 << 40]), 0)
        XCTAssertNil(TensorSize.elementCount([1 << 62, 2, 5, 6]), "the product wraps under -Ounchecked")
        XCTAssertNil(TensorSize.elementCount([-1]))
        XCTAssertNil(TensorSize.elementCount([TensorSize.maximumElements + 1]))
        XCTAssertEqual(TensorSize.problem(with: [1 << 62, 2, 5, 6]),
                       "the sizes [4611686018427387904, 2, 5, 6] multiply to more than 2^63 elements")
        XCTAssertEqual(TensorSize.problem(with: [100_000, 100_000]),
                       "the sizes [100000, 100000] hold 10000000000 values, more than the 134217728 one tensor may hold")
        XCTAssertEqual(TensorSize.problem(with: [2, -3]), "the size -3 in [2, -3] is negative")
        XCTAssertNil(TensorSize.problem(with: [3, 4]))
    }
}
