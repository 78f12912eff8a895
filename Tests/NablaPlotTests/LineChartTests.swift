import XCTest
import NablaPlot

final class LineChartTests: XCTestCase {
    private func learningCurves() -> LineChart {
        let losses = (0..<500).map { step in 2.3 * exp(-Double(step) / 120) + 0.05 + 0.1 * sin(Double(step)) }
        return LineChart(title: "Loss", xLabel: "step", yLabel: "cross-entropy (nats)",
                         series: [.init(name: "train", y: losses, movingAverageWindow: 20),
                                  .init(name: "validation", x: [100, 200, 300, 400, 500], y: [0.9, 0.5, 0.3, 0.2, 0.15])])
    }

    func testACurveShowsItsTitleLabelsAndLegend() {
        let svg = checkSVG(learningCurves().svg())
        XCTAssertTrue(svg.shows("Loss"))
        XCTAssertTrue(svg.shows("step"))
        XCTAssertTrue(svg.shows("cross-entropy (nats)"))
        XCTAssertTrue(svg.shows("train, mean of last 20 (faint: each point)"), "\(svg.texts)")
        XCTAssertTrue(svg.shows("validation"))
        XCTAssertEqual(svg.count("polyline"), 3, "train, its moving average, validation")
        XCTAssertEqual(svg.count("circle"), 5, "the validation points, few enough to be dotted")
        XCTAssertTrue(svg.shows("0") && svg.shows("500"), "x tick labels: \(svg.texts)")
    }

    func testEmptyChartsAreStillCharts() {
        for chart in [LineChart(title: "Nothing", xLabel: "x", yLabel: "y", series: []),
                      LineChart(title: "Empty", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: [])]),
                      LineChart(title: "Empty log", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: [])],
                                xScale: .logarithmic, yScale: .logarithmic)] {
            let svg = checkSVG(chart.svg())
            XCTAssertTrue(svg.shows("no data to draw"), chart.title)
            XCTAssertEqual(svg.count("polyline"), 0, chart.title)
        }
    }

    func testAConstantSeriesIsDrawnInsideAWidenedAxis() {
        let chart = LineChart(title: "Flat", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: Array(repeating: 0.5, count: 100))])
        let svg = checkSVG(chart.svg())
        XCTAssertTrue(svg.shows("0.5"), "\(svg.texts)")
        XCTAssertEqual(svg.count("polyline"), 1)
        let single = checkSVG(LineChart(title: "One", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: [0])]).svg())
        XCTAssertEqual(single.count("circle"), 1, "a single point is a dot")
    }

    func testPointsThatAreNotFiniteBreakTheLineAndAreCounted() {
        let y = [1, 2, .nan, 3, 4, .infinity, 5, 6, -.infinity, 7] as [Double]
        let chart = LineChart(title: "Gaps", xLabel: "x", yLabel: "y", series: [.init(name: "loss", y: y)])
        let svg = checkSVG(chart.svg())
        XCTAssertEqual(svg.count("polyline"), 3, "runs 1–2, 3–4, 5–6; 7 stands alone")
        XCTAssertTrue(svg.shows("Left out: 3 points not finite (loss)."), "\(svg.texts)")
        let allBad = LineChart(title: "Nothing finite", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: [.nan, .nan])])
        XCTAssertTrue(checkSVG(allBad.svg()).shows("no data to draw"))
    }

    func testTheMovingAverageSkipsGapsInsteadOfSpreadingThem() {
        let y = [1, 2, .nan, 3, 4, .infinity] as [Double]
        let chart = LineChart(title: "Smoothed", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: y, movingAverageWindow: 2)])
        let svg = checkSVG(chart.svg())
        XCTAssertEqual(svg.count("polyline"), 3, "two raw runs and one unbroken average")
        XCTAssertEqual(movingAverage([1, 2, 3, 4], window: 2), [1, 1.5, 2.5, 3.5])
        XCTAssertEqual(movingAverage([1, .nan, 3], window: 2), [1, 1, 3])
        XCTAssertTrue(movingAverage([.nan, .infinity], window: 5).allSatisfy(\.isNaN))
        XCTAssertEqual(movingAverage([4, 6], window: 0), [4, 6], "a window below 1 is 1")
        XCTAssertEqual(movingAverage([], window: 3), [])
    }

    func testALearningRateRangeTestOnALogAxis() {
        let rates = (0..<100).map { pow(10, -6 + 7 * Double($0) / 99) }
        let losses = rates.map { rate in rate < 1 ? 2.3 - 0.3 * log10(rate / 1e-6) / 6 : .infinity }
        let chart = LineChart(title: "LR range test", xLabel: "learning rate", yLabel: "loss (nats)",
                              series: [.init(name: "loss", x: rates + [0, -1], y: losses + [2, 2])], xScale: .logarithmic)
        let svg = checkSVG(chart.svg())
        for label in ["1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1", "1"] {
            XCTAssertTrue(svg.shows(label), "\(label) in \(svg.texts)")
        }
        XCTAssertTrue(svg.texts.contains { $0.hasPrefix("Left out: 15 points not finite (loss); 2 points ≤ 0 on a log axis (loss)") },
                      "\(svg.texts)")
    }

    func testAGuideLineOnALogAxisIsAlwaysInRange() {
        let ratios = (0..<50).map { 2e-5 * (1 + 0.5 * sin(Double($0))) }
        let chart = LineChart(title: "Update / weight", xLabel: "step", yLabel: "‖Δw‖ / ‖w‖",
                              series: [.init(name: "conv1", y: ratios)], yScale: .logarithmic,
                              guides: [.init(y: 1e-3, label: "1e-3 guide"), .init(y: .nan, label: "broken"),
                                       .init(y: -1, label: "negative")])
        let svg = checkSVG(chart.svg())
        XCTAssertTrue(svg.shows("1e-3 guide"))
        XCTAssertTrue(svg.shows("1e-3"), "the y axis reaches the guide: \(svg.texts)")
        XCTAssertTrue(svg.shows("1e-5"))
        XCTAssertTrue(svg.texts.contains { $0.contains("2 guide lines the y axis cannot show (broken 1, negative 1)") }, "\(svg.texts)")
    }

    func testUnpairedValuesAreCountedAndKeptInTheCSV() {
        let chart = LineChart(title: "Unpaired", xLabel: "x", yLabel: "y", series: [.init(name: "a", x: [1, 2, 3], y: [4, 5])])
        XCTAssertTrue(checkSVG(chart.svg()).texts.contains { $0.contains("1 value without a partner") })
        XCTAssertEqual(csvRows(chart.csv()), [["series", "x", "y"], ["a", "1.0", "4.0"], ["a", "2.0", "5.0"], ["a", "3.0", ""]])
    }

    func testTheCSVHoldsEveryPointInFullPrecision() {
        let y = [0.1 + 0.2, .nan, -.infinity, 1e-300]
        let chart = LineChart(title: "CSV", xLabel: "x", yLabel: "y", series: [.init(name: "a", y: y, movingAverageWindow: 2),
                                                                               .init(name: "b", x: [7], y: [8])])
        let rows = csvRows(chart.csv())
        XCTAssertEqual(rows.first, ["series", "x", "y", "moving_average"])
        XCTAssertEqual(rows.count, 1 + y.count + 1)
        for (index, row) in rows.dropFirst().prefix(y.count).enumerated() {
            XCTAssertEqual(row[0], "a")
            XCTAssertEqual(Double(row[1]), Double(index + 1))
            XCTAssertEqual(Double(row[2])?.bitPattern, y[index].bitPattern, "row \(index): \(row)")
        }
        XCTAssertEqual(rows[1][3], "\(0.1 + 0.2)")
        XCTAssertEqual(rows.last, ["b", "7.0", "8.0", ""])
    }

    func testTextFromOutsideIsEscaped() {
        let chart = LineChart(title: "<script>alert(1)</script> & \"quotes\"", xLabel: "a < b", yLabel: "\u{1}control",
                              series: [.init(name: "it's", y: [1, 2])])
        let text = chart.svg()
        XCTAssertFalse(text.contains("<script>"))
        let svg = checkSVG(text)
        XCTAssertTrue(svg.shows("<script>alert(1)</script> & \"quotes\""))
        XCTAssertTrue(svg.shows("a < b"))
        XCTAssertTrue(svg.shows("it's"))
        XCTAssertTrue(svg.shows("\u{FFFD}control"), "a control character XML forbids is replaced")
    }
}
