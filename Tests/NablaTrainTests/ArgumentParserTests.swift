import XCTest
import NablaTrain

final class ArgumentParserTests: XCTestCase {
    let spec = CommandSpec(
        name: "tool",
        overview: "A tool for tests.",
        arguments: [ArgumentSpec("files", help: "Input files.", isOptional: true, isRepeated: true)],
        options: [
            .seed(default: 7),
            OptionSpec("epochs", .int, help: "Passes over the data.", default: "3"),
            OptionSpec("lr", .double, help: "Learning rate.", default: "0.1"),
            OptionSpec("hidden", .intList, help: "Hidden sizes.", default: "512,256", valueName: "sizes"),
            OptionSpec("optimizer", .choice(["sgd", "adam"]), help: "Optimizer.", default: "sgd"),
            .flag("verbose", help: "Say more."),
        ])

    func testDefaultsAndGivenValues() throws {
        let parsed = try ParsedArguments.parse(["a.json", "--epochs", "5", "--lr=0.01", "--verbose", "b.json"], spec: spec)
        XCTAssertEqual(parsed.positionals, ["a.json", "b.json"])
        XCTAssertEqual(parsed.int("epochs"), 5)
        XCTAssertEqual(parsed.double("lr"), 0.01)
        XCTAssertEqual(parsed.uint64("seed"), 7)
        XCTAssertEqual(parsed.intList("hidden"), [512, 256])
        XCTAssertEqual(parsed.string("optimizer"), "sgd")
        XCTAssertTrue(parsed.flag("verbose"))
        XCTAssertTrue(parsed.isGiven("epochs"))
        XCTAssertFalse(parsed.isGiven("seed"))
    }

    func testUnknownOptionSuggestsTheNearestName() {
        XCTAssertThrowsError(try ParsedArguments.parse(["--epoch", "3"], spec: spec)) { error in
            XCTAssertEqual("\(error)", "Unknown option '--epoch'. Did you mean '--epochs'?")
        }
        XCTAssertThrowsError(try ParsedArguments.parse(["--zzzzzzzz"], spec: spec)) { error in
            XCTAssertEqual("\(error)", "Unknown option '--zzzzzzzz'.")
        }
    }

    func testBadValuesAreUsageErrors() {
        XCTAssertThrowsError(try ParsedArguments.parse(["--epochs", "three"], spec: spec)) { error in
            XCTAssertEqual("\(error)", "The value 'three' is invalid for '--epochs <epochs>': expected an integer.")
        }
        XCTAssertThrowsError(try ParsedArguments.parse(["--hidden", "512,x"], spec: spec))
        XCTAssertThrowsError(try ParsedArguments.parse(["--optimizer", "adamw"], spec: spec)) { error in
            XCTAssertTrue("\(error)".contains("one of: sgd, adam"), "\(error)")
        }
        XCTAssertThrowsError(try ParsedArguments.parse(["--seed", "-1"], spec: spec))
        XCTAssertThrowsError(try ParsedArguments.parse(["--lr"], spec: spec)) { error in
            XCTAssertEqual("\(error)", "Missing value for '--lr <lr>'.")
        }
        XCTAssertThrowsError(try ParsedArguments.parse(["--verbose=yes"], spec: spec))
    }

    func testNegativeNumbersAreValuesNotOptions() throws {
        let withNumber = CommandSpec(name: "t", overview: "", options: [OptionSpec("shift", .double, help: "")])
        XCTAssertEqual(try ParsedArguments.parse(["--shift", "-2.5"], spec: withNumber).double("shift"), -2.5)
    }

    /// Issue 10, item 1: `--report --seed` wrote a file named `--seed`.
    func testAnOptionIsNeverTakenAsTheValueOfAnother() throws {
        let withFile = CommandSpec(name: "t", overview: "", options: [OptionSpec("report", .string, help: "", valueName: "file"),
                                                                     OptionSpec("shape", .intList, help: ""), .seed()])
        XCTAssertThrowsError(try ParsedArguments.parse(["--report", "--seed", "3"], spec: withFile)) { error in
            XCTAssertEqual("\(error)", "Missing value for '--report <file>': '--seed' is an option, not a value "
                           + "(to use it as the value anyway, write --report=--seed).")
        }
        XCTAssertThrowsError(try ParsedArguments.parse(["--report", "-h"], spec: withFile))
        XCTAssertEqual(try ParsedArguments.parse(["--report=--seed"], spec: withFile).string("report"), "--seed")
        XCTAssertEqual(try ParsedArguments.parse(["--report", "-"], spec: withFile).string("report"), "-")
        XCTAssertEqual(try ParsedArguments.parse(["--shape", "-1,2"], spec: withFile).intList("shape"), [-1, 2])
    }

    /// Issue 10, item 14: more threads than processors are lowered to the processor count.
    func testThreadCountsAboveTheProcessorsAreCapped() {
        XCTAssertEqual(cappedThreadCount(1000, processors: 2), 2)
        XCTAssertEqual(cappedThreadCount(2, processors: 2), 2)
        XCTAssertEqual(cappedThreadCount(1, processors: 8), 1)
    }

    func testPositionalCountsAreChecked() {
        let one = CommandSpec(name: "t", overview: "", arguments: [ArgumentSpec("name", help: "")])
        XCTAssertThrowsError(try ParsedArguments.parse([], spec: one)) { error in
            XCTAssertEqual("\(error)", "Missing expected argument '<name>'.")
        }
        XCTAssertThrowsError(try ParsedArguments.parse(["a", "b"], spec: one)) { error in
            XCTAssertEqual("\(error)", "Unexpected argument 'b'.")
        }
    }

    func testHelpIsLaidOutLikeSwiftArgumentParser() throws {
        XCTAssertTrue(try ParsedArguments.parse(["--help"], spec: spec).helpRequested)
        XCTAssertTrue(try ParsedArguments.parse(["-h"], spec: spec).helpRequested)
        let help = spec.helpText
        XCTAssertTrue(help.hasPrefix("OVERVIEW: A tool for tests.\n\nUSAGE: tool [<files> ...] [--seed <seed>]"), help)
        XCTAssertTrue(help.contains("\nARGUMENTS:\n  <files>                 Input files.\n"), help)
        XCTAssertTrue(help.contains("\nOPTIONS:\n  --seed <seed>           Seed"), help)
        XCTAssertTrue(help.contains("(default: 0.1)"), help)
        XCTAssertTrue(help.contains("  -h, --help              Show help information."), help)
    }

    func testEditDistance() {
        XCTAssertEqual(editDistance("seed", "seed"), 0)
        XCTAssertEqual(editDistance("sed", "seed"), 1)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("", "abc"), 3)
    }
}
