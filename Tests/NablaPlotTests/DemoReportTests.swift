import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import NablaPlot

/// Writes the demo report and checks every file in it. With NABLA_PLOT_DEMO_DIR set, the report is
/// written there and kept, for `Tools/render_report.sh` to render.
final class DemoReportTests: XCTestCase {
    func testTheDemoReportIsWrittenWhole() throws {
        let kept = ProcessInfo.processInfo.environment["NABLA_PLOT_DEMO_DIR"]
        let directory = kept ?? NSTemporaryDirectory() + "nabla-plot-demo-" + UUID().uuidString
        if kept == nil { addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) } }
        let report = demoReport()
        let written = try PlotDirectory.write(report, to: directory)
        XCTAssertEqual(written.count, 2 * report.figures.count + 1)
        for path in written where path.hasSuffix(".svg") {
            let svg = try String(contentsOfFile: path, encoding: .utf8)
            checkSVG(svg)
            XCTAssertLessThan(svg.utf8.count, 2_000_000, path)
        }
        let page = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        for name in report.fileNames {
            XCTAssertTrue(page.contains("<figure id=\"\(name)\">"), name)
        }
        XCTAssertLessThan(page.utf8.count, 4_000_000)
        XCTAssertFalse(containsNotFiniteWord(page))
    }
}
