import XCTest
import NablaCore

final class TensorTests: XCTestCase {
    func testRowMajorLayoutAndSubscript() {
        let t = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t[0, 2], 3)
        XCTAssertEqual(t[1, 0], 4)
        XCTAssertEqual(t.offset([1, 2]), 5)
        XCTAssertEqual(t.count, 6)
        XCTAssertEqual(t.rank, 2)
    }

    func testValueSemantics() {
        let a = Tensor<Float>(shape: [2], scalars: [1, 2])
        var b = a
        b.scalars[0] = 10
        XCTAssertEqual(a.scalars, [1, 2])
        XCTAssertEqual(b.scalars, [10, 2])
    }

    func testReshapeInfersOneDimension() {
        let t = Tensor<Double>(shape: [2, 3, 4], element: Double.init)
        XCTAssertEqual(t.reshaped([-1, 4]).shape, [6, 4])
        XCTAssertEqual(t.reshaped([2, -1]).shape, [2, 12])
        XCTAssertEqual(t.reshaped([24]).scalars, t.scalars)
    }

    func testTransposed() {
        let t = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let u = t.transposed()
        XCTAssertEqual(u.shape, [3, 2])
        XCTAssertEqual(u.scalars, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(u.transposed(), t)
    }

    func testElementwiseArithmetic() {
        let a = Tensor<Double>(shape: [3], scalars: [1, 2, 3])
        let b = Tensor<Double>(shape: [3], scalars: [4, 5, 6])
        XCTAssertEqual((a + b).scalars, [5, 7, 9])
        XCTAssertEqual((b - a).scalars, [3, 3, 3])
        XCTAssertEqual((a * b).scalars, [4, 10, 18])
        XCTAssertEqual((b / a).scalars, [4, 2.5, 2])
        XCTAssertEqual((a * 2).scalars, [2, 4, 6])
        XCTAssertEqual((-a).scalars, [-1, -2, -3])
        var c = a
        c.add(b, scaledBy: 0.5)
        XCTAssertEqual(c.scalars, [3, 4.5, 6])
        let matrix = Tensor<Double>(shape: [2, 3], scalars: [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(matrix.addingToEachRow(a).scalars, [1, 2, 3, 2, 3, 4])
    }

    func testReductions() {
        let t = Tensor<Double>(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        XCTAssertEqual(t.sum(), 21)
        XCTAssertEqual(t.mean(), 3.5)
        XCTAssertEqual(t.max(), 6)
        XCTAssertEqual(t.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(t.sum(axis: 1).scalars, [9, 12])
        XCTAssertEqual(t.sum(axis: -1).shape, [2])
        XCTAssertEqual(t.argmaxLastAxis(), [1, 2])
        let cube = Tensor<Double>(shape: [2, 2, 2], element: Double.init)
        XCTAssertEqual(cube.sum(axis: 1).scalars, [2, 4, 10, 12])
    }

    func testConversionBetweenScalarTypes() {
        let t = Tensor<Double>(shape: [2], scalars: [0.5, -1.25])
        XCTAssertEqual(t.converted(to: Float.self).scalars, [0.5, -1.25])
    }

    func testDescriptionShowsShapeAndValues() {
        let t = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertTrue(t.description.hasPrefix("Tensor[2, 2]"), t.description)
        XCTAssertTrue(t.description.contains("4.0000"), t.description)
    }
}
