import Foundation
import XCTest
import NablaCore

final class RandomGeneratorTests: XCTestCase {
    /// The first outputs of xoshiro256** seeded by SplitMix64, computed by an independent Python
    /// implementation: the stream is the same on every platform.
    func testStreamMatchesReferenceImplementation() {
        var zero = RandomGenerator(seed: 0)
        XCTAssertEqual([zero.next(), zero.next(), zero.next()],
                       [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var fortyTwo = RandomGenerator(seed: 42)
        XCTAssertEqual([fortyTwo.next(), fortyTwo.next(), fortyTwo.next()],
                       [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
    }

    func testSameSeedSameNumbersDifferentSeedDifferentNumbers() {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7), c = RandomGenerator(seed: 8)
        let first = (0..<100).map { _ in a.normal() }
        XCTAssertEqual(first, (0..<100).map { _ in b.normal() })
        XCTAssertNotEqual(first, (0..<100).map { _ in c.normal() })
    }

    func testUniformRange() {
        var generator = RandomGenerator(seed: 1)
        for _ in 0..<10_000 {
            let u = generator.uniform()
            XCTAssert(u >= 0 && u < 1)
            let v: Float = generator.uniform(-2, 3)
            XCTAssert(v >= -2 && v <= 3)
        }
    }

    func testNormalMoments() {
        var generator = RandomGenerator(seed: 2)
        let samples = (0..<200_000).map { _ in generator.normal() }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        // Standard error of the mean is 1/sqrt(200000) ≈ 0.0022.
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance.squareRoot(), 1, accuracy: 0.01)
        let withinOne = Double(samples.filter { abs($0) < 1 }.count) / Double(samples.count)
        XCTAssertEqual(withinOne, 0.6827, accuracy: 0.005)
    }

    func testIntBelowCoversRangeEvenly() {
        var generator = RandomGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[generator.int(below: 7)] += 1 }
        for count in counts { XCTAssertEqual(Double(count), 10_000, accuracy: 400) }
    }

    func testShuffleIsAPermutationAndSeeded() {
        var a = RandomGenerator(seed: 4), b = RandomGenerator(seed: 4)
        let p = a.permutation(50)
        XCTAssertEqual(p.sorted(), Array(0..<50))
        XCTAssertNotEqual(p, Array(0..<50))
        XCTAssertEqual(p, b.permutation(50))
    }

    func testPortableLogarithmAgreesWithTheCLibrary() {
        var generator = RandomGenerator(seed: 5)
        for _ in 0..<10_000 {
            let x = Foundation.exp(generator.uniform() * 80 - 40)
            XCTAssertEqual(naturalLog(x), Foundation.log(x), accuracy: 4e-16 * max(1, abs(Foundation.log(x))))
        }
        XCTAssertEqual(naturalLog(1), 0)
        XCTAssertEqual(naturalLog(Double.leastNormalMagnitude), Foundation.log(Double.leastNormalMagnitude), accuracy: 1e-12)
    }
}
