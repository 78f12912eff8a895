import XCTest
import NablaCore
import Regularization

final class RandomShiftTests: XCTestCase {
    /// `image` moved by (dr, dc), with the background filling what comes in from outside.
    func shifted(_ image: [Float], by dr: Int, _ dc: Int, side: Int, background: Float) -> [Float] {
        (0..<side * side).map { i in
            let r = i / side - dr, c = i % side - dc
            return (0..<side).contains(r) && (0..<side).contains(c) ? image[r * side + c] : background
        }
    }

    /// Every augmented image is its original moved by some (Δrow, Δcolumn) in [−k, k]², and over
    /// many images every one of the (2k + 1)² shifts occurs.
    func testEachImageIsMovedByAShiftWithinRangeAndAllShiftsOccur() {
        let side = 6, k = 2, count = 400
        var generator = RandomGenerator(seed: 1)
        // Distinct values everywhere, so the shift that produced an image is unique.
        let original = Tensor<Float>(shape: [count, 1, side, side], element: { Float($0 % 997) + 1 })
        var batch = original
        RandomShift(maximumShift: k, height: side, width: side, background: -5).augment(&batch, generator: &generator)
        var seen = Set<[Int]>()
        for n in 0..<count {
            let image = Array(original.scalars[n * 36..<(n + 1) * 36]), got = Array(batch.scalars[n * 36..<(n + 1) * 36])
            let matches = (-k...k).flatMap { dr in (-k...k).map { [dr, $0] } }
                .filter { shifted(image, by: $0[0], $0[1], side: side, background: -5) == got }
            XCTAssertEqual(matches.count, 1, "image \(n) is not a shift of its original within ±\(k)")
            seen.formUnion(matches)
        }
        XCTAssertEqual(seen.count, 25)
    }

    func testTheSameSeedGivesTheSameShiftsAndZeroIsTheIdentity() {
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        let original = Tensor<Float>(shape: [5, 784], element: { Float($0 % 251) })
        var first = original, second = original
        RandomShift(maximumShift: 3, background: 0).augment(&first, generator: &a)
        RandomShift(maximumShift: 3, background: 0).augment(&second, generator: &b)
        XCTAssertEqual(first, second)
        XCTAssertNotEqual(first, original)
        var unchanged = original
        RandomShift(maximumShift: 0, background: 0).augment(&unchanged, generator: &a)
        XCTAssertEqual(unchanged, original)
    }
}
