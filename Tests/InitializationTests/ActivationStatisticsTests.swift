import XCTest
import NablaCore
import Initialization

final class ActivationStatisticsTests: XCTestCase {
    func testMeanDeviationSaturationAndDeadUnitsOfAHandmadeBatch() {
        // two examples, three units; unit 0 is 0 on both, |a| > 0.99 twice
        let values: [Float] = [0, 0.995, -0.5,
                               0, -1, 0.25]
        let statistics = ActivationStatistics(Tensor(shape: [2, 3], scalars: values))
        let doubles = values.map(Double.init)
        let mean = doubles.reduce(0, +) / 6
        let variance = doubles.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6
        XCTAssertEqual(statistics.mean, mean, accuracy: 1e-15)
        XCTAssertEqual(statistics.standardDeviation, variance.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(statistics.meanSquare, doubles.map { $0 * $0 }.reduce(0, +) / 6, accuracy: 1e-15)
        XCTAssertEqual(statistics.saturatedFraction, 2.0 / 6)
        XCTAssertEqual(statistics.deadUnitFraction, 1.0 / 3)
    }

    func testAUnitIsDeadOnlyIfZeroForEveryExample() {
        let relu = Tensor<Float>(shape: [3, 2], scalars: [0, 0,
                                                          0, 0,
                                                          0, 1e-30])
        XCTAssertEqual(ActivationStatistics(relu).deadUnitFraction, 0.5)
        XCTAssertEqual(ActivationStatistics(Tensor<Float>(zeros: [4, 5])).deadUnitFraction, 1)
    }

    func testSaturationCountsValuesStrictlyBeyondTheThreshold() {
        let a = Tensor<Float>(shape: [1, 4], scalars: [0.98, 0.995, -0.999, 0])
        XCTAssertEqual(ActivationStatistics(a).saturatedFraction, 0.5)
        let halves = Tensor<Float>(shape: [1, 4], scalars: [0.5, -0.5, 0.25, -0.75])
        XCTAssertEqual(ActivationStatistics(halves, saturationThreshold: 0.5).saturatedFraction, 0.25)
    }
}
