import XCTest
import NablaCore

final class MatmulTests: XCTestCase {
    func testSmallProductByHand() {
        let a = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor<Double>(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        XCTAssertEqual(matmul(a, b).scalars, [58, 64, 139, 154])
    }

    func testTransposeFlagsEqualExplicitTransposes() {
        var generator = RandomGenerator(seed: 3)
        for (m, k, n) in [(1, 1, 1), (3, 5, 2), (7, 1, 4), (2, 9, 3)] {
            let a = Tensor<Double>.normal(shape: [m, k], generator: &generator)
            let b = Tensor<Double>.normal(shape: [k, n], generator: &generator)
            let expected = matmul(a, b)
            XCTAssertEqual(matmul(a.transposed(), b, transposeA: true), expected)
            XCTAssertEqual(matmul(a, b.transposed(), transposeB: true), expected)
            XCTAssertEqual(matmul(a.transposed(), b.transposed(), transposeA: true, transposeB: true), expected)
        }
    }

    func testProductMatchesDefinitionElementwise() {
        var generator = RandomGenerator(seed: 9)
        let a = Tensor<Double>.normal(shape: [4, 6], generator: &generator)
        let b = Tensor<Double>.normal(shape: [6, 5], generator: &generator)
        let c = matmul(a, b)
        for i in 0..<4 {
            for j in 0..<5 {
                let expected = (0..<6).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
                XCTAssertEqual(c[i, j], expected, accuracy: 1e-12)
            }
        }
    }
}
