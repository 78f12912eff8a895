import XCTest
import NablaPlot

final class HistogramTests: XCTestCase {
    func testValuesAreBinnedOverTheirRange() {
        let histogram = Histogram(title: "h", values: [0, 0.1, 0.5, 0.9, 1], binCount: 2)
        XCTAssertEqual(histogram.edges, [0, 0.5, 1])
        XCTAssertEqual(histogram.counts, [2, 3], "the last bin holds its upper edge")
        let svg = checkSVG(histogram.svg())
        XCTAssertTrue(svg.shows("h") && svg.shows("count") && svg.shows("value"))
    }

    func testTheDefaultBinCountIsTheSquareRootWithinTenAndFifty() {
        XCTAssertEqual(Histogram(title: "", values: (0..<400).map(Double.init)).counts.count, 20)
        XCTAssertEqual(Histogram(title: "", values: [1, 2, 3]).counts.count, 10)
        XCTAssertEqual(Histogram(title: "", values: (0..<10_000).map(Double.init)).counts.count, 50)
        XCTAssertEqual(Histogram(title: "", values: [1, 2], binCount: 0).counts.count, 1)
    }

    func testBadValuesAreCountedNotBinned() {
        let histogram = Histogram(title: "h", values: [1, .nan, 2, .infinity, 3, 40], binCount: 4, range: 0...4)
        XCTAssertEqual(histogram.counts.reduce(0, +), 3)
        XCTAssertEqual(histogram.notFiniteCount, 2)
        XCTAssertEqual(histogram.outsideCount, 1)
        let svg = checkSVG(histogram.svg())
        XCTAssertTrue(svg.shows("Left out: 2 values not finite; 1 value outside the range."), "\(svg.texts)")
    }

    func testEmptyAndConstantDataGiveValidCharts() {
        for values in [[], [0, 0, 0], [7.5], [.nan], [-1e300, 1e300], [.leastNonzeroMagnitude]] as [[Double]] {
            let histogram = Histogram(title: "h", values: values)
            checkSVG(histogram.svg())
            XCTAssertTrue(histogram.edges.allSatisfy(\.isFinite), "\(values)")
            XCTAssertEqual(histogram.counts.reduce(0, +), values.filter(\.isFinite).count, "\(values)")
        }
        XCTAssertEqual(Histogram(title: "h", values: [0, 0], binCount: 2).edges, [-0.5, 0, 0.5])
    }

    func testAnEmptyOrNotFiniteRangeFallsBackToTheData() {
        XCTAssertEqual(Histogram(title: "h", values: [2, 4], binCount: 2, range: 1...1).edges, [2, 3, 4])
        XCTAssertEqual(Histogram(title: "h", values: [2, 4], binCount: 2, range: 0...Double.infinity).edges, [2, 3, 4])
    }

    func testTheCSVHoldsEachBin() {
        let histogram = Histogram(title: "h", values: [0, 1, 1, 3], binCount: 3)
        XCTAssertEqual(csvRows(histogram.csv()), [["bin_start", "bin_end", "count"], ["0.0", "1.0", "1"],
                                                   ["1.0", "2.0", "2"], ["2.0", "3.0", "1"]])
    }

    func testPanelsShareTheirBinsAndRange() {
        let panels = HistogramPanels(title: "Activations", panels: [("layer 1", [-2, 0, 2]), ("layer 2", [0, 0.5]),
                                                                    ("layer 3", [.nan])],
                                     xLabel: "activation", binCount: 4)
        XCTAssertEqual(panels.histograms.map(\.edges), Array(repeating: [-2, -1, 0, 1, 2], count: 3))
        let svg = checkSVG(panels.svg())
        for title in ["Activations", "layer 1", "layer 2", "layer 3", "activation"] {
            XCTAssertTrue(svg.shows(title), title)
        }
        XCTAssertTrue(svg.shows("Left out: 1 value not finite (layer 3)."), "\(svg.texts)")
        let rows = csvRows(panels.csv())
        XCTAssertEqual(rows.first, ["panel", "bin_start", "bin_end", "count"])
        XCTAssertEqual(rows.count, 1 + 3 * 4)
        XCTAssertEqual(rows[1], ["layer 1", "-2.0", "-1.0", "1"])
        checkSVG(HistogramPanels(title: "None", histograms: []).svg())
    }
}
