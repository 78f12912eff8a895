import XCTest
import NablaPlot

final class ConfusionMatrixTests: XCTestCase {
    func testEveryCountIsPrintedWithEachClassAccuracy() {
        let counts = [[50, 2, 0], [3, 40, 5], [0, 0, 0]]
        let chart = ConfusionMatrixChart(title: "Confusion", classNames: ["cat", "dog", "bird"], counts: counts)
        let svg = checkSVG(chart.svg())
        let cellTexts = svg.texts.filter { Int($0) != nil }
        XCTAssertEqual(cellTexts, counts.joined().map(String.init), "each count, row by row")
        for text in ["Confusion", "cat", "dog", "bird", "true", "predicted", "accuracy", "96.2%", "83.3%", "–",
                     "accuracy 90.0% (90 of 100)"] {
            XCTAssertTrue(svg.shows(text), "\(text) in \(svg.texts)")
        }
        XCTAssertEqual(chart.accuracyPerClass, [50.0 / 52, 40.0 / 48, nil])
    }

    func testMissingNamesAndCellsAreFilledIn() {
        let chart = ConfusionMatrixChart(classNames: ["a"], counts: [[1, 2], [3]])
        XCTAssertEqual(chart.classNames, ["a", "1"])
        XCTAssertEqual(chart.counts, [[1, 2], [3, 0]])
        XCTAssertEqual(csvRows(chart.csv()), [["true/predicted", "a", "1"], ["a", "1", "2"], ["1", "3", "0"]])
        checkSVG(chart.svg())
    }

    func testAnEmptyMatrixIsStillAChart() {
        let svg = checkSVG(ConfusionMatrixChart(classNames: [], counts: []).svg())
        XCTAssertTrue(svg.shows("no data to draw"))
    }

    func testLongClassNamesAndManyClassesStayReadable() {
        let names = (0..<30).map { "class number \($0)" }
        let counts = (0..<30).map { row in (0..<30).map { row == $0 ? 12345 : $0 % 3 } }
        let svg = checkSVG(ConfusionMatrixChart(classNames: names, counts: counts).svg())
        XCTAssertTrue(svg.shows("class number 29"))
    }
}
