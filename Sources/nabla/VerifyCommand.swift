import Foundation
import NablaCore
import NablaOps
import NablaTrain
import NablaVerify

let verifySpec = CommandSpec(
    name: "nabla verify",
    overview: "Compare Nabla against golden fixtures made by PyTorch (golden-v1 JSON files).",
    arguments: [ArgumentSpec("paths", help: "Fixture files or directories of them. (default: GoldenData)",
                             isOptional: true, isRepeated: true)],
    options: [.flag("verbose", help: "Print the errors of every tensor compared, not only each fixture's worst.")],
    discussion: """
    Each fixture runs through the registered op of its name; every output, gradient and updated
    parameter is compared with |got - want| <= atol + rtol * |want| (the fixture's tolerance).
    The last line is 'N passed, M failed'; the exit status is 0 only when nothing failed.
    An unsupported op or config key, an unreadable file or a malformed fixture counts as failed.
    """)

func runVerify(_ arguments: [String]) -> Int32 {
    let parsed = verifySpec.parseOrExit(arguments)
    let paths = parsed.positionals.isEmpty ? [defaultGoldenDataDirectory()] : parsed.positionals
    let files: [String]
    do {
        // The exercises' fixtures test a learner's code: `nabla exercises check` runs them.
        files = parsed.positionals.isEmpty ? try libraryFixtureFiles(in: paths[0]) : try fixtureFiles(in: paths)
    } catch {
        printError("Error: \(error)")
        return 1
    }
    if files.isEmpty {
        printError("Error: no .json fixtures found in \(paths.joined(separator: ", "))")
        return 1
    }
    let runner = FixtureRunner(registry: standardRegistry(Double.self))
    let nameWidth = 40, opWidth = 18
    print(pad("FIXTURE", nameWidth) + pad("OP", opWidth) + pad("MAX ABS ERR", 13) + pad("MAX REL ERR", 13) + "RESULT")
    var passed = 0, failed = 0
    for file in files {
        let result = runner.run(file: file)
        if result.passed { passed += 1 } else { failed += 1 }
        let reason = result.status.reason.map { "  \($0)" } ?? ""
        print(pad(result.name, nameWidth) + pad(result.op, opWidth) + pad(scientific(result.maxAbsoluteError), 13)
              + pad(scientific(result.maxRelativeError), 13) + result.status.label + reason)
        if parsed.flag("verbose") || !result.passed {
            for comparison in result.comparisons where parsed.flag("verbose") || !comparison.passed {
                print("    " + pad(comparison.name, nameWidth + opWidth - 4) + pad(scientific(comparison.maxAbsoluteError), 13)
                      + pad(scientific(comparison.maxRelativeError), 13) + (comparison.passed ? "ok" : "FAIL"))
            }
        }
    }
    print("\(passed) passed, \(failed) failed")
    return failed == 0 ? 0 : 1
}

/// `GoldenData` in the current directory, or else beside this package's sources, so
/// `swift run nabla verify` works from any directory of the clone.
func defaultGoldenDataDirectory() -> String {
    if FileManager.default.fileExists(atPath: "GoldenData") { return "GoldenData" }
    return repositoryRoot().appendingPathComponent("GoldenData").path
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
}

func scientific(_ value: Double?) -> String {
    guard let value else { return "-" }
    return value.isFinite ? String(format: "%.2e", value) : "inf"
}
