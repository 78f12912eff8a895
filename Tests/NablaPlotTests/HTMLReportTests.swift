import Foundation
import XCTest
import NablaPlot

final class HTMLReportTests: XCTestCase {
    private func report(embedding: HTMLReport.Embedding = .inline) -> HTMLReport {
        let loss = LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss", series: [.init(name: "train", y: [2, 1, 0.5])])
        let histogram = Histogram(title: "Weights", values: [1, 2, 3])
        return HTMLReport(title: "Run <script>alert('x')</script>", summary: "A & B",
                          results: [("test accuracy", "99.2%")], settings: [("lr", "<0.1>"), ("seed", "42")],
                          figures: [Figure(name: "loss", chart: loss, caption: "Loss <b>per</b> epoch."),
                                    Figure(name: "loss", chart: histogram), Figure(name: "../weights hist", chart: histogram)],
                          textBlocks: [(title: "Model", text: "Linear(784 -> 10) <params>")], embedding: embedding)
    }

    func testTextFromOutsideIsEscaped() {
        let page = report().html()
        XCTAssertFalse(page.contains("<script>"))
        let escaped = ["<h1>Run &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>", "<p class=\"summary\">A &amp; B</p>",
                       "<td>&lt;0.1&gt;</td>", "Loss &lt;b&gt;per&lt;/b&gt; epoch.", "<pre>Linear(784 -&gt; 10) &lt;params&gt;</pre>"]
        for fragment in escaped { XCTAssertTrue(page.contains(fragment), fragment) }
    }

    func testThePageReferencesEveryFigureAndItsFiles() {
        let report = report()
        XCTAssertEqual(report.fileNames, ["loss", "loss-2", "-.-weights-hist"], "safe, unique, never hidden or a parent folder")
        let page = report.html()
        for name in report.fileNames {
            XCTAssertTrue(page.contains("<figure id=\"\(name)\">"), name)
            XCTAssertTrue(page.contains("<a href=\"#\(name)\">"), name)
            XCTAssertTrue(page.contains("<a href=\"\(name).svg\">SVG</a>"), name)
            XCTAssertTrue(page.contains("<a href=\"\(name).csv\">data (CSV)</a>"), name)
        }
        XCTAssertEqual(page.components(separatedBy: "<svg ").count - 1, 3, "each figure inlined")
        XCTAssertTrue(page.contains("<strong>Figure 3.</strong>"))
        let linked = self.report(embedding: .linked).html()
        XCTAssertFalse(linked.contains("<svg "))
        XCTAssertTrue(linked.contains("<img src=\"loss-2.svg\" alt=\"Weights\">"))
    }

    func testThePageIsAWholeDocumentWithItsOwnStyleAndNoScript() {
        let page = report().html()
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(page.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(page.contains("<style>"))
        XCTAssertTrue(page.hasSuffix("</html>\n"))
        XCTAssertFalse(page.lowercased().contains("<script"))
        XCTAssertNil(page.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression), "nothing from the network")
    }

    func testAnEmptyReportIsAPage() {
        let page = HTMLReport(title: "Nothing yet").html()
        XCTAssertTrue(page.contains("<h1>Nothing yet</h1>"))
        XCTAssertFalse(page.contains("<table>"))
        XCTAssertFalse(page.contains("<nav>"))
    }
}
