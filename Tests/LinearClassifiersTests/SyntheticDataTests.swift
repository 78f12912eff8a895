import LinearClassifiers
import NablaCore
import XCTest

final class SyntheticDataTests: XCTestCase {
    func testGeneratorsAreDeterministicPerSeed() {
        func draw(_ seed: UInt64) -> (RegressionData<Double>, LabeledData<Double>, LabeledData<Double>) {
            var random = RandomGenerator(seed: seed)
            let regression = RegressionData<Double>.linear(weights: [1, 2], bias: 3, count: 30, noiseStandardDeviation: 0.5,
                                                           generator: &random)
                .withOutliers(fraction: 0.2, shift: 5, generator: &random)
            let blobs = LabeledData<Double>.blobs(classes: 4, pointsPerClass: 10, generator: &random)
            let spirals = LabeledData<Double>.spirals(classes: 3, pointsPerClass: 10, generator: &random)
            return (regression, blobs, spirals)
        }
        let (a, b) = (draw(5), draw(5))
        XCTAssertEqual(a.0.inputs, b.0.inputs)
        XCTAssertEqual(a.0.targets, b.0.targets)
        XCTAssertEqual(a.1.inputs, b.1.inputs)
        XCTAssertEqual(a.2.inputs, b.2.inputs)
        let c = draw(6)
        XCTAssertNotEqual(a.0.targets, c.0.targets)
        XCTAssertNotEqual(a.1.inputs, c.1.inputs)
        XCTAssertNotEqual(a.2.inputs, c.2.inputs)
    }

    func testShapesAndLabels() {
        var random = RandomGenerator(seed: 0)
        let spirals = LabeledData<Double>.spirals(classes: 3, pointsPerClass: 50, generator: &random)
        XCTAssertEqual(spirals.inputs.shape, [150, 2])
        XCTAssertEqual((0..<3).map { k in spirals.labels.filter { $0 == k }.count }, [50, 50, 50])
        // Every point of a spiral lies within the unit disc (radius r ≤ 1).
        for n in 0..<150 {
            let (x, y) = (spirals.inputs.scalars[2 * n], spirals.inputs.scalars[2 * n + 1])
            XCTAssertLessThanOrEqual(x * x + y * y, 1 + 1e-12)
        }
        let (train, test) = spirals.split(trainFraction: 0.7, generator: &random)
        XCTAssertEqual(train.count, 105)
        XCTAssertEqual(test.count, 45)
        XCTAssertEqual((train.labels + test.labels).sorted(), spirals.labels.sorted())
    }

    func testOutliersMoveExactlyTheRequestedFraction() {
        var random = RandomGenerator(seed: 2)
        let clean = RegressionData<Double>.linear(weights: [1], bias: 0, count: 40, noiseStandardDeviation: 0.1,
                                                  generator: &random)
        let dirty = clean.withOutliers(fraction: 0.25, shift: 7, generator: &random)
        let moved = zip(clean.targets.scalars, dirty.targets.scalars).filter { $0 != $1 }
        XCTAssertEqual(moved.count, 10)
        for (before, after) in moved { XCTAssertEqual(after - before, 7, accuracy: 1e-12) }
    }
}
