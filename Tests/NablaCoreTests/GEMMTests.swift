import XCTest
import NablaCore

/// The fast `gemm` against `referenceMatmul`, on shapes that cross every block boundary of both
/// paths, for every transpose and with and without accumulation; and its bitwise determinism.
final class GEMMTests: XCTestCase {
    /// One product with random operands: op(A) is m × k, op(B) is k × n.
    struct Product {
        let m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
        let a: [Float], b: [Float], c0: [Float]

        init(m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false, seed: UInt64 = 1) {
            (self.m, self.n, self.k, self.transposeA, self.transposeB) = (m, n, k, transposeA, transposeB)
            var generator = RandomGenerator(seed: seed)
            a = (0..<(m * k)).map { _ in generator.uniform(Float(-1), Float(1)) }
            b = (0..<(k * n)).map { _ in generator.uniform(Float(-1), Float(1)) }
            c0 = (0..<(m * n)).map { _ in generator.uniform(Float(-1), Float(1)) }
        }

        /// C from `gemm`, starting from c0 when accumulating.
        func fast(accumulate: Bool = false, threads: Int = 1, path: GEMMPath? = nil) -> [Float] {
            var c = accumulate ? c0 : [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        gemm(a.baseAddress!, b.baseAddress!, c.baseAddress!, m: m, n: n, k: k, transposeA: transposeA,
                             transposeB: transposeB, accumulate: accumulate, threads: threads, path: path)
                    }
                }
            }
            return c
        }

        var tensorA: Tensor<Float> { Tensor(shape: transposeA ? [k, m] : [m, k], scalars: a) }
        var tensorB: Tensor<Float> { Tensor(shape: transposeB ? [n, k] : [k, n], scalars: b) }

        /// Σ_p |op(A)[i, p]| · |op(B)[p, j]|, the scale of each element's rounding error.
        var magnitudes: [Double] {
            func absolute(_ t: Tensor<Float>) -> Tensor<Double> { Tensor(shape: t.shape, scalars: t.scalars.map { Double(abs($0)) }) }
            return referenceMatmul(absolute(tensorA), absolute(tensorB), transposeA: transposeA, transposeB: transposeB).scalars
        }
    }

    /// Checks `gemm` against `referenceMatmul` in Float (the oracle) and in Double (the exact value).
    ///
    /// Each element is a sum of k products (and c₀). Computed in any order with n roundings of relative
    /// size u = 2⁻²⁴, its error is at most γₙ·S ≈ n·u·S, with S = |c₀| + Σ_p |A(i, p)|·|B(p, j)|
    /// (Higham, Accuracy and Stability, §3.1 and §4.2). `gemm` rounds once per fused multiply-add
    /// (n = k); the reference twice per step (n = 2k). So |gemm − exact| ≤ (k + 1)·u·S and
    /// |gemm − reference| ≤ (3k + 2)·u·S: bounds, not guesses, and still tight (k·u ≈ 2·10⁻⁵ at k = 300).
    func assertMatchesReference(_ product: Product, accumulate: Bool, path: GEMMPath? = nil,
                                file: StaticString = #filePath, line: UInt = #line) {
        let got = product.fast(accumulate: accumulate, path: path)
        var reference = referenceMatmul(product.tensorA, product.tensorB, transposeA: product.transposeA,
                               transposeB: product.transposeB).scalars
        var exact = referenceMatmul(product.tensorA.converted(to: Double.self), product.tensorB.converted(to: Double.self),
                           transposeA: product.transposeA, transposeB: product.transposeB).scalars
        var scale = product.magnitudes
        if accumulate {
            for i in reference.indices {
                reference[i] += product.c0[i]
                exact[i] += Double(product.c0[i])
                scale[i] += Double(abs(product.c0[i]))
            }
        }
        let u = 0x1p-24, k = Double(product.k)
        var worst = 0.0
        for i in got.indices {
            let errorToExact = abs(Double(got[i]) - exact[i]), errorToReference = abs(Double(got[i]) - Double(reference[i]))
            worst = max(worst, errorToExact / max(scale[i], .leastNormalMagnitude))
            guard errorToExact <= (k + 1) * u * scale[i], errorToReference <= (3 * k + 2) * u * scale[i] else {
                let (row, column) = i.quotientAndRemainder(dividingBy: product.n)
                return XCTFail("""
                    \(product.m)×\(product.n)×\(product.k) transposeA \(product.transposeA) transposeB \(product.transposeB) \
                    accumulate \(accumulate) path \(path.map(\.rawValue) ?? "auto"): C[\(row), \(column)] = \(got[i]), \
                    reference \(reference[i]), exact \(exact[i])
                    """, file: file, line: line)
            }
        }
        XCTAssertFalse(worst.isNaN, file: file, line: line)
    }

    /// (m, n, k) with m the rows of C, n its columns, k the depth.
    static let oddShapes = [(1, 1, 1), (1, 1, 37), (17, 5, 33), (63, 31, 129), (200, 300, 3), (3, 200, 300)]

    /// Around the small path's boundaries: 8-row tiles, 64-row tasks, 48- and 16-column strips.
    static let smallPathBoundaries = [(7, 47, 9), (8, 48, 16), (9, 49, 17), (65, 64, 5), (64, 65, 20),
                                      (15, 95, 7), (16, 96, 31), (33, 97, 2), (129, 113, 11), (4, 112, 6)]

    /// Around the packed path's: 256 deep, 256 rows and 1056 columns per block.
    static let packedPathBoundaries = [(9, 50, 255), (8, 49, 256), (17, 17, 257), (3, 7, 513),
                                       (257, 20, 30), (2, 1057, 260), (5, 1104, 3)]

    func testSmallPathMatchesReference() {
        for (m, n, k) in Self.oddShapes + Self.smallPathBoundaries {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                let product = Product(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                for accumulate in [false, true] { assertMatchesReference(product, accumulate: accumulate, path: .small) }
            }
        }
    }

    func testPackedPathMatchesReference() {
        for (m, n, k) in Self.oddShapes + Self.packedPathBoundaries {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                let product = Product(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                for accumulate in [false, true] { assertMatchesReference(product, accumulate: accumulate, path: .packed) }
            }
        }
    }

    func testPathIsChosenFromTheShape() {
        XCTAssertEqual(gemmPath(m: 128, n: 512, k: 784), .small)   // forward of an MNIST MLP
        XCTAssertEqual(gemmPath(m: 512, n: 784, k: 128), .small)   // its weight gradient
        XCTAssertEqual(gemmPath(m: 128, n: 784, k: 512), .small)   // its input gradient
        XCTAssertEqual(gemmPath(m: 1024, n: 1024, k: 1024), .packed)
        // A product that takes the packed path on its own, checked without forcing the path.
        XCTAssertEqual(gemmPath(m: 600, n: 5, k: 500), .packed)
        assertMatchesReference(Product(m: 600, n: 5, k: 500, transposeB: true), accumulate: true)
        XCTAssertEqual(gemmPath(m: 40, n: 70, k: 90), .small)
        assertMatchesReference(Product(m: 40, n: 70, k: 90, transposeA: true), accumulate: false)
    }

    func testBitwiseIdenticalForAnyThreadCount() {
        // Both over 1 MFLOP, so that gemm does use the threads; several tasks each.
        let shapes: [(Int, Int, Int, GEMMPath)] = [(130, 150, 60, .small), (300, 60, 300, .packed), (520, 20, 270, .packed)]
        for (m, n, k, path) in shapes {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true)] {
                let product = Product(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                for accumulate in [false, true] {
                    let one = product.fast(accumulate: accumulate, threads: 1, path: path)
                    for threads in [2, 3, 4] {
                        let many = product.fast(accumulate: accumulate, threads: threads, path: path)
                        XCTAssertEqual(many.map(\.bitPattern), one.map(\.bitPattern),
                                       "\(m)×\(n)×\(k) \(path) transposeA \(transposeA) transposeB \(transposeB), \(threads) threads")
                    }
                }
            }
        }
    }

    func testBothPathsGiveTheSameBits() {
        // Every element is the same chain of fused multiply-adds on either path.
        for (m, n, k) in [(17, 5, 33), (70, 100, 300), (9, 49, 600)] {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true)] {
                let product = Product(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                for accumulate in [false, true] {
                    XCTAssertEqual(product.fast(accumulate: accumulate, path: .small).map(\.bitPattern),
                                   product.fast(accumulate: accumulate, path: .packed).map(\.bitPattern),
                                   "\(m)×\(n)×\(k) transposeA \(transposeA) transposeB \(transposeB)")
                }
            }
        }
    }

    func testZeroDepthGivesZerosOrLeavesC() {
        let product = Product(m: 3, n: 4, k: 0)
        XCTAssertEqual(product.fast(accumulate: false), [Float](repeating: 0, count: 12))
        XCTAssertEqual(product.fast(accumulate: true), product.c0)
    }

    func testFastMatmulMatchesGEMM() {
        let product = Product(m: 20, n: 30, k: 40, transposeB: true)
        let c = fastMatmul(product.tensorA, product.tensorB, transposeB: true, threads: 2)
        XCTAssertEqual(c.shape, [20, 30])
        XCTAssertEqual(c.scalars, product.fast())
        XCTAssertEqual(fastMatmul(Tensor<Float>(zeros: [2, 0]), Tensor<Float>(zeros: [0, 3])), Tensor<Float>(zeros: [2, 3]))
    }

    func testWorkerPoolRunsEveryTaskOnceAndNests() {
        for threads in [1, 2, 3, 8] {
            var counts = [Int](repeating: 0, count: 1000)
            counts.withUnsafeMutableBufferPointer { buffer in
                let pointer = SendablePointer(buffer.baseAddress!)
                WorkerPool.shared.run(tasks: 10, threads: threads) { outer in
                    // A region inside a task runs serially on that task's thread.
                    WorkerPool.shared.run(tasks: 100, threads: threads) { inner in pointer.base[outer * 100 + inner] += 1 }
                }
            }
            XCTAssertEqual(counts, [Int](repeating: 1, count: 1000), "\(threads) threads")
        }
    }
}
