import XCTest
import NablaPlot

final class BarChartTests: XCTestCase {
    func testBarsShowTheirValuesAndBadOnesAreNamed() {
        let chart = BarChart(title: "Accuracy per class", labels: ["zero", "one", "two"], values: [0.98, .nan, -0.5],
                             xLabel: "class", yLabel: "accuracy")
        let svg = checkSVG(chart.svg())
        for text in ["zero", "one", "two", "0.980", "-0.500", "–", "class", "accuracy"] {
            XCTAssertTrue(svg.shows(text), "\(text) in \(svg.texts)")
        }
        XCTAssertTrue(svg.shows("Left out: 1 value not finite (one)."), "\(svg.texts)")
        XCTAssertEqual(csvRows(chart.csv()), [["label", "value"], ["zero", "0.98"], ["one", "nan"], ["two", "-0.5"]])
        checkSVG(BarChart(title: "Empty", labels: [], values: [], yLabel: "y").svg())
        XCTAssertTrue(checkSVG(BarChart(title: "Unnamed", labels: [], values: [3, 3], yLabel: "y").svg()).shows("2"))
    }

    func testValuesOverBarsShareTheirDecimals() {
        let chart = BarChart(title: "Errors", labels: ["a", "b", "c"], values: [0.92, 0.4, 1], yLabel: "error (%)")
        let svg = checkSVG(chart.svg())
        for text in ["0.92", "0.40", "1.00"] {
            XCTAssertTrue(svg.shows(text), "\(text) in \(svg.texts)")
        }
    }

    func testLongLabelsAreSlanted() {
        let labels = (1...12).map { "a rather long label \($0)" }
        let svg = checkSVG(BarChart(title: "Slanted", labels: labels, values: (1...12).map(Double.init), yLabel: "y").svg())
        XCTAssertTrue(svg.shows("a rather long label 12"))
    }
}
