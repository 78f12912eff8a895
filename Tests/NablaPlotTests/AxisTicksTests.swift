import XCTest
import NablaPlot

final class AxisTicksTests: XCTestCase {
    func testLinearTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 1).labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 0.93).labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 0.3).labels, ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"])
        XCTAssertEqual(AxisTicks.linear(from: 0.9, to: 1).labels, ["0.9", "0.92", "0.94", "0.96", "0.98", "1"])
        XCTAssertEqual(AxisTicks.linear(from: -1, to: 1).labels, ["-1", "-0.5", "0", "0.5", "1"])
        XCTAssertEqual(AxisTicks.linear(from: 0.05, to: 2.31).labels, ["0", "0.5", "1", "1.5", "2", "2.5"])
    }

    func testLargeNumbersUseThousandsAndMillions() {
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 5160).labels, ["0", "1k", "2k", "3k", "4k", "5k", "6k"])
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 12000).labels, ["0", "2k", "4k", "6k", "8k", "10k", "12k"])
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 2500).labels, ["0", "500", "1k", "1.5k", "2k", "2.5k"])
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 3e6).labels, ["0", "500k", "1M", "1.5M", "2M", "2.5M", "3M"])
    }

    func testSmallNumbersArePowersOfTen() {
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 0.003).labels,
                       ["0", "5e-4", "1e-3", "1.5e-3", "2e-3", "2.5e-3", "3e-3"])
    }

    func testOneValueIsWidenedToARange() {
        let ticks = AxisTicks.linear(from: 5, to: 5)
        XCTAssertLessThan(ticks.lower, 5)
        XCTAssertGreaterThan(ticks.upper, 5)
        XCTAssertTrue(ticks.labels.contains("5"), "\(ticks.labels)")
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 0).labels, ["-1", "-0.5", "0", "0.5", "1"])
    }

    func testBoundsThatAreNotFiniteGiveZeroToOne() {
        XCTAssertEqual(AxisTicks.linear(from: .nan, to: 3).labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        XCTAssertEqual(AxisTicks.linear(from: 0, to: .infinity).upper, 1)
    }

    func testExtremeRangesStayFinite() {
        for (low, high) in [(-1.7e308, 1.7e308), (0, .leastNonzeroMagnitude), (.leastNormalMagnitude / 1000, .leastNormalMagnitude / 1000), (1e300, 1e300), (-3, -3)] {
            let ticks = AxisTicks.linear(from: low, to: high)
            XCTAssertTrue(ticks.values.allSatisfy(\.isFinite), "\(low)…\(high): \(ticks.values)")
            XCTAssertLessThan(ticks.lower, ticks.upper, "\(low)…\(high)")
            XCTAssertLessThan(ticks.values.count, 30, "\(low)…\(high)")
        }
    }

    func testCountTicksAreWholeNumbers() {
        XCTAssertEqual(AxisTicks.linear(from: 0, to: 2, integers: true).labels, ["0", "1", "2"])
    }

    func testLogTicksAreDecades() {
        XCTAssertEqual(AxisTicks.logarithmic(from: 3e-6, to: 2).labels,
                       ["1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1", "1", "10"])
        XCTAssertEqual(AxisTicks.logarithmic(from: 0.05, to: 2.3).labels, ["0.01", "0.1", "1", "10"])
        XCTAssertEqual(AxisTicks.logarithmic(from: 1e-3, to: 1e-3).labels,
                       ["1e-4", "2e-4", "5e-4", "1e-3", "2e-3", "5e-3", "0.01"], "a decade each side of one value")
    }

    func testManyDecadesAreThinned() {
        XCTAssertEqual(AxisTicks.logarithmic(from: 1e-8, to: 1e8).labels,
                       ["1e-8", "1e-6", "1e-4", "0.01", "1", "100", "10k", "1M", "100M"])
    }

    func testShortLogRangesAlsoShowTwoAndFive() {
        XCTAssertEqual(AxisTicks.logarithmic(from: 0.2, to: 0.9).labels, ["0.1", "0.2", "0.5", "1"])
    }

    func testLogTicksOfBadBoundsAreOneToTen() {
        XCTAssertEqual(AxisTicks.logarithmic(from: 0, to: 5).labels, ["1", "2", "5", "10"])
        XCTAssertEqual(AxisTicks.logarithmic(from: 1, to: .infinity).labels, ["1", "2", "5", "10"])
    }

    func testFloatingPointNoiseNeverReachesALabel() {
        XCTAssertEqual(tickLabels([0.1, 0.2, 0.1 + 0.2], step: 0.1), ["0.1", "0.2", "0.3"])
        XCTAssertEqual(tickLabels([0, 1e-3, 2e-3], step: 1e-3), ["0", "1e-3", "2e-3"])
        XCTAssertEqual(tickLabels([-0.0, 12_000, .nan], step: 2000), ["0", "12k", ""])
    }
}
