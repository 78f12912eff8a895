import Foundation
import XCTest
import NablaCore
import NablaTrain
import NablaVerify

/// Issue 10, "prove the kinds gone": seeded mutations of valid command lines. Every one must
/// parse into values of the declared types, or end in a `UsageError` that names the option or
/// the argument at fault.
final class FlagMutationTests: XCTestCase {
    /// The kinds of options the executables declare, with the shared ones (`--seed`, `--threads`,
    /// `--data-dir`, `--report`) as they declare them.
    let spec = CommandSpec(
        name: "tool", overview: "Flags of every kind.",
        arguments: [ArgumentSpec("name", help: "An optional name.", isOptional: true)],
        options: [
            OptionSpec("epochs", .int, help: "", default: "12"),
            OptionSpec("lr", .double, help: "", default: "0.05"),
            OptionSpec("hidden", .intList, help: "", default: "512,256", valueName: "sizes"),
            OptionSpec("optimizer", .choice(["sgd", "adam", "adamw"]), help: "", default: "sgd"),
            .flag("all", help: ""),
            .seed(), .threads(), .dataDirectory(), .report(),
        ])

    /// Valid command lines to start from.
    let seeds: [[String]] = [
        [], ["--epochs", "3"], ["--lr", "0.01", "--optimizer", "adam"], ["--hidden", "64,32", "--seed", "7"],
        ["relu", "--all"], ["--threads=2", "--report", "run.json", "--data-dir", "/tmp"], ["--lr=-0.5", "--epochs=1"],
    ]

    /// Words a user may type where a value or an option belongs.
    let words = ["", "-", "--", "-1", "0", "3", "1e6", "1e999", "nan", "inf", "-inf", "0x10", "1_000", "12345678901234567890",
                 "1,2,,3", "-1,2", "64,", ",", "abc", "sgd", "ADAM", "--seed", "--sed", "-h", "--help", "--all=yes", "--epochs=",
                 "--lr=nan", "--hidden=1,x", "--report", "--unknown", "---lr", "--optimizer", "rmsprop", "é", "--threads=-3"]

    func testFlagMutations() {
        var mutator = InputMutator(seed: 13)
        var generator = RandomGenerator(seed: 14)
        var campaign = MutationCampaign(parser: "flags")
        let options = spec.options.map { "--" + $0.name }
        for i in 0..<12_000 {
            var arguments = seeds[i % seeds.count]
            for _ in 0..<(1 + generator.int(below: 3)) {
                let position = generator.int(below: arguments.count + 1)
                switch generator.int(below: 5) {
                case 0: arguments.insert(words[generator.int(below: words.count)], at: position)
                case 1: arguments.insert(options[generator.int(below: options.count)], at: position)
                case 2 where !arguments.isEmpty: arguments[min(position, arguments.count - 1)] = words[generator.int(below: words.count)]
                case 3 where !arguments.isEmpty: arguments.remove(at: min(position, arguments.count - 1))
                default:
                    // A damaged word: bytes edited as in a corrupted script.
                    let word = arguments.isEmpty ? "--epochs" : arguments[min(position, arguments.count - 1)]
                    let damaged = String(decoding: mutator.mutate(Array(word.utf8)), as: UTF8.self)
                    if arguments.isEmpty { arguments = [damaged] } else { arguments[min(position, arguments.count - 1)] = damaged }
                }
            }
            campaign.record {
                do {
                    let parsed = try ParsedArguments.parse(arguments, spec: spec)
                    // Accepted: every value reads back as its declared type.
                    XCTAssertNotNil(parsed.int("epochs"), "\(arguments)")
                    XCTAssertTrue(parsed.double("lr")?.isFinite == true, "\(arguments)")
                    XCTAssertNotNil(parsed.intList("hidden"), "\(arguments)")
                    XCTAssertTrue(["sgd", "adam", "adamw"].contains(parsed.string("optimizer") ?? ""), "\(arguments)")
                    XCTAssertNotNil(parsed.uint64("seed"), "\(arguments)")
                    XCTAssertNotNil(parsed.int("threads"), "\(arguments)")
                    return .success(())
                } catch {
                    // Refused: the message quotes the word or names the option at fault.
                    let message = "\(error)"
                    XCTAssertTrue(error is UsageError, "\(arguments): \(type(of: error))")
                    let named = arguments.contains { !$0.isEmpty && message.contains($0) }
                        || spec.options.contains { message.contains("--" + $0.name) } || message.contains("argument")
                    XCTAssertTrue(named, "\(arguments): \(message)")
                    return .failure(MutationRejection(message: message, name: ""))
                }
            }
        }
        print(campaign.summary)
        XCTAssertGreaterThanOrEqual(campaign.inputs, 10_000)
        XCTAssertGreaterThan(campaign.accepted, 500, "valid command lines must still parse")
        XCTAssertGreaterThan(campaign.inputs - campaign.accepted, 3_000)
        XCTAssertLessThan(campaign.slowestSeconds, 0.5)
    }
}
