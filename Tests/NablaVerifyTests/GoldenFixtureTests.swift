import Foundation
import XCTest
import NablaCore
import NablaOps
import NablaVerify
import NablaTestSupport

final class GoldenFixtureTests: XCTestCase {
    func testEveryFixtureInGoldenDataPasses() throws {
        let files = try libraryFixtureFiles(in: goldenDataDirectory)
        XCTAssertGreaterThan(files.count, 50, "GoldenData should hold the committed fixtures")
        let runner = FixtureRunner(registry: standardRegistry(Double.self))
        var kinds = Set<String>()
        for file in files {
            let result = runner.run(file: file)
            XCTAssertEqual(result.status, .passed, "\(result.name): \(result.status.reason ?? "")")
            XCTAssertFalse(result.comparisons.isEmpty, "\(result.name) compared nothing")
            if let fixture = try? Fixture(contentsOf: file) { kinds.insert(fixture.kind) }
        }
        XCTAssertEqual(kinds, ["layer", "loss", "optimizer", "model"], "fixtures of all four kinds are present")
    }

    func testEveryRegisteredOpHasFixtures() throws {
        let registry = standardRegistry(Double.self)
        let ops = Set(try libraryFixtureFiles(in: goldenDataDirectory).compactMap { try? Fixture(contentsOf: $0).op })
        for op in registry.opNames {
            XCTAssertTrue(ops.contains(op), "no fixture in GoldenData covers '\(op)'")
        }
    }

    /// The format contract is in the repository (a clone stands alone); where the shared original
    /// sits beside the clone, as in CI, the two are the same text.
    func testTheFormatContractIsTheSharedOne() throws {
        let ours = try String(contentsOfFile: repositoryDirectory + "/GOLDEN-FORMAT.md", encoding: .utf8)
        XCTAssertTrue(ours.hasPrefix("# Golden fixture format, version 1 (`golden-v1`)"))
        let shared = repositoryDirectory + "/../shared/GOLDEN-FORMAT.md"
        guard FileManager.default.fileExists(atPath: shared) else { throw XCTSkip("no ../shared beside the repository") }
        XCTAssertEqual(ours, try String(contentsOfFile: shared, encoding: .utf8),
                       "GOLDEN-FORMAT.md differs from ../shared/GOLDEN-FORMAT.md: copy the shared contract over")
    }
}
