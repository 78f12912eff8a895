import XCTest
import NablaCore

final class MatmulTests: XCTestCase {
    func testSmallProductByHand() {
        let a = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor<Double>(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        XCTAssertEqual(referenceMatmul(a, b).scalars, [58, 64, 139, 154])
    }

    func testTransposeFlagsEqualExplicitTransposes() {
        var generator = RandomGenerator(seed: 3)
        for (m, k, n) in [(1, 1, 1), (3, 5, 2), (7, 1, 4), (2, 9, 3)] {
            let a = Tensor<Double>.normal(shape: [m, k], generator: &generator)
            let b = Tensor<Double>.normal(shape: [k, n], generator: &generator)
            let expected = referenceMatmul(a, b)
            XCTAssertEqual(referenceMatmul(a.transposed(), b, transposeA: true), expected)
            XCTAssertEqual(referenceMatmul(a, b.transposed(), transposeB: true), expected)
            XCTAssertEqual(referenceMatmul(a.transposed(), b.transposed(), transposeA: true, transposeB: true), expected)
        }
    }

    func testProductMatchesDefinitionElementwise() {
        var generator = RandomGenerator(seed: 9)
        let a = Tensor<Double>.normal(shape: [4, 6], generator: &generator)
        let b = Tensor<Double>.normal(shape: [6, 5], generator: &generator)
        let c = referenceMatmul(a, b)
        for i in 0..<4 {
            for j in 0..<5 {
                let expected = (0..<6).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
                XCTAssertEqual(c[i, j], expected, accuracy: 1e-12)
            }
        }
    }

    /// `matmul` sends Float to the fast kernel and Double to the reference: both agree with the
    /// reference up to rounding, whatever the thread count.
    func testMatmulDispatchesFloatToTheFastKernel() {
        var generator = RandomGenerator(seed: 11)
        let a = Tensor<Float>.normal(shape: [37, 53], generator: &generator)
        let b = Tensor<Float>.normal(shape: [29, 53], generator: &generator)
        let reference = referenceMatmul(a, b, transposeB: true)
        let saved = ComputeThreads.count
        defer { ComputeThreads.count = saved }
        ComputeThreads.count = 1
        let one = matmul(a, b, transposeB: true)
        ComputeThreads.count = 2
        XCTAssertEqual(matmul(a, b, transposeB: true), one, "bitwise equal for 1 and 2 threads")
        XCTAssertEqual(one, fastMatmul(a, b, transposeB: true))
        for (x, y) in zip(one.scalars, reference.scalars) { XCTAssertEqual(x, y, accuracy: 1e-4 * max(1, abs(y))) }
        let doubles = a.converted(to: Double.self)
        XCTAssertEqual(matmul(doubles, doubles, transposeB: true), referenceMatmul(doubles, doubles, transposeB: true))
    }
}
