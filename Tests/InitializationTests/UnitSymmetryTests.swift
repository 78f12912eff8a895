import XCTest
import NablaCore
import Initialization

final class UnitSymmetryTests: XCTestCase {
    func testEqualRowsWithEqualBiasesAreOneUnit() {
        let weight = Tensor<Float>(shape: [4, 3], scalars: [1, 2, 3,
                                                            1, 2, 3,
                                                            1, 2, 4,
                                                            1, 2, 3])
        XCTAssertEqual(distinctUnitCount(weight: weight, bias: Tensor(zeros: [4])), 2)
        XCTAssertEqual(distinctUnitCount(weight: weight, bias: Tensor(shape: [4], scalars: [0, 0, 0, 1])), 3,
                       "the bias is part of the unit")
        XCTAssertEqual(distinctUnitCount(weight: Tensor<Float>(repeating: 0.1, shape: [5, 2]), bias: Tensor(zeros: [5])), 1)
    }
}
