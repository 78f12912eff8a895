import Foundation
import XCTest
import NablaPlot

final class PlotDirectoryTests: XCTestCase {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "nabla-plot-tests-" + UUID().uuidString
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private let chart = LineChart(title: "Loss", xLabel: "step", yLabel: "loss", series: [.init(name: "train", y: [3, 2, 1])])

    func testAReportIsWrittenIntoANewFolder() throws {
        let directory = try temporaryDirectory() + "/runs/first"
        let report = HTMLReport(title: "Run", figures: [Figure(name: "loss", chart: chart), Figure(name: "loss", chart: chart)])
        let written = try PlotDirectory.write(report, to: directory)
        XCTAssertEqual(written.map { ($0 as NSString).lastPathComponent },
                       ["loss.svg", "loss.csv", "loss-2.svg", "loss-2.csv", "index.html"])
        XCTAssertEqual(try String(contentsOfFile: directory + "/loss.csv", encoding: .utf8), chart.csv())
        XCTAssertEqual(try String(contentsOfFile: directory + "/loss-2.svg", encoding: .utf8), chart.svg())
        XCTAssertEqual(try String(contentsOfFile: directory + "/index.html", encoding: .utf8), report.html())
        try PlotDirectory.write(report, to: directory)
        XCTAssertEqual(try String(contentsOfFile: directory + "/index.html", encoding: .utf8), report.html(), "replaced")
    }

    func testOneChartGivesItsSVGAndCSV() throws {
        let directory = try temporaryDirectory()
        let written = try PlotDirectory.write(chart, named: "my loss", to: directory)
        XCTAssertEqual(written, [directory + "/my-loss.svg", directory + "/my-loss.csv"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/my-loss.svg"))
    }

    func testAFileWhereTheFolderShouldBeIsAnError() throws {
        let directory = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/taken"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try PlotDirectory.write(HTMLReport(title: "Run"), to: file)) { error in
            XCTAssertEqual(error as? PlotError, .notADirectory(path: file))
            XCTAssertTrue("\(error)".contains("choose another folder"))
        }
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "keep me")
        XCTAssertThrowsError(try PlotDirectory.write(HTMLReport(title: "Run"), to: file + "/below")) { error in
            guard case .cannotCreateDirectory(let path, _)? = error as? PlotError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, file + "/below")
        }
    }

    func testAFolderOrADeviceIsNeverReplacedByAFile() throws {
        let directory = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/index.html", withIntermediateDirectories: true)
        XCTAssertThrowsError(try PlotDirectory.write(HTMLReport(title: "Run"), to: directory)) { error in
            XCTAssertEqual(error as? PlotError, .notAFile(path: directory + "/index.html", kind: "folder"))
        }
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/index.html", isDirectory: &isDirectory) && isDirectory.boolValue)
        try FileManager.default.createSymbolicLink(atPath: directory + "/null.svg", withDestinationPath: "/dev/null")
        XCTAssertThrowsError(try PlotDirectory.write(chart, named: "null", to: directory)) { error in
            XCTAssertEqual(error as? PlotError, .notAFile(path: directory + "/null.svg", kind: "symbolic link"))
        }
    }

    func testAFolderThatCannotBeWrittenIsNamed() throws {
        let directory: String
        if getuid() == 0 {
            #if os(Linux)
            directory = "/proc/self"
            #else
            throw XCTSkip("root writes into read-only folders")
            #endif
        } else {
            directory = try temporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory) }
        XCTAssertThrowsError(try PlotDirectory.write(chart, named: "loss", to: directory)) { error in
            guard case .cannotWrite(let path, _)? = error as? PlotError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, directory + "/loss.svg")
            XCTAssertTrue("\(error)".contains("check the folder's permissions"), "\(error)")
        }
    }
}
