import Foundation
import NablaExercises
import NablaTrain
import NablaVerify

let exercisesSpec = CommandSpec(
    name: "nabla exercises",
    overview: "List the chapters' exercises with where each stands, or check one in detail.",
    arguments: [ArgumentSpec("what", help: "A chapter number (1-8) to list only its exercises, or 'check' to check one.",
                             isOptional: true),
                ArgumentSpec("name", help: "With 'check': the exercise, e.g. silu.", isOptional: true)],
    options: [
        OptionSpec("golden-data", .string, help: "The exercises' PyTorch fixtures. (default: GoldenData/exercises)", valueName: "dir"),
        OptionSpec("data-dir", .string, help: "MNIST's folder, for exercises with a training target (default: the usual search).",
                   valueName: "dir"),
        .quiet(),
    ],
    discussion: """
    The loop: read the exercise in its chapter's EXERCISES.md, write the bodies of its stub (the
    file the list names), run 'nabla exercises check NAME', read what it says, repeat.
    'check' runs every check of one exercise: the PyTorch fixtures (forward, each gradient or
    step), the gradient check in Double, and for some exercises statistics or a short training
    run. A failure says which usual mistake fits (a constant factor, the sign, a transposed dW, a
    bias gradient not summed over the batch, a wrong axis, a branch of x <= 0) or shows the first
    elements that differ. The list runs the quick checks of every exercise; training targets
    run only with 'check'. Exit status: 0 when everything checked passes.
    """)

func runExercises(_ arguments: [String]) -> Int32 {
    let parsed = exercisesSpec.parseOrExit(arguments)
    var environment = ExerciseEnvironment(fixtureDirectory: parsed.string("golden-data") ?? defaultGoldenDataDirectory() + "/" + exerciseFixtureFolder,
                                          dataDirectory: parsed.string("data-dir"), showsProgress: !parsed.flag("quiet"))
    // Every exercise reads its fixtures from here: a wrong place is one clear error, not 25 failures.
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: environment.fixtureDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue {
        if parsed.string("golden-data") != nil {
            exercisesSpec.exitWithUsageError("--golden-data \(environment.fixtureDirectory) is not a directory; give the folder of the exercises' fixtures (GoldenData/exercises in the repository).")
        }
        printError("Error: the exercises' fixtures are not at \(environment.fixtureDirectory); run nabla from the repository, or give --golden-data DIR.")
        return 1
    }
    let all = allExercises()
    let positionals = parsed.positionals
    if positionals.first == "check" {
        guard positionals.count == 2 else {
            exercisesSpec.exitWithUsageError("'check' takes one exercise name, e.g. 'nabla exercises check silu'; 'nabla exercises' lists them.")
        }
        let name = positionals[1]
        guard let exercise = all.first(where: { $0.info.name == name }) else {
            let names = all.map(\.info.name)
            let best = names.min { editDistance($0, name) < editDistance($1, name) }!
            let hint = editDistance(best, name) <= 3 ? " Did you mean '\(best)'?" : ""
            exercisesSpec.exitWithUsageError("No exercise named '\(name)'.\(hint) 'nabla exercises' lists them.")
        }
        let info = exercise.info
        print("\(info.chapter).\(info.number) \(info.title) (\(info.name)): \(info.reference)")
        print("your file: \(info.file)")
        print("checks: \(info.checks)\n")
        let report = exercise.checkStub(environment)
        for result in report.results {
            let label = switch result.verdict { case .passed: "PASS"; case .failed: "FAIL"; case .notImplemented: "TODO"; case .skipped: "SKIP" }
            print("\(label)  \(result.name): \(result.detail)")
        }
        print("\nstatus: \(report.status.label)")
        return report.status == .passing ? 0 : 1
    }
    var chosen = all
    if let what = positionals.first {
        let chapters = Set(all.map(\.info.chapter)), last = chapters.max() ?? 1
        guard positionals.count == 1, let chapter = Int(what.hasPrefix("ch") ? String(what.dropFirst(2)) : what),
              chapters.contains(chapter) else {
            exercisesSpec.exitWithUsageError("Expected a chapter number 1-\(last) or 'check NAME', got '\(positionals.joined(separator: " "))'.")
        }
        chosen = all.filter { $0.info.chapter == chapter }
    }
    environment.showsProgress = false
    environment.skipsTraining = true
    print(pad("#", 6) + pad("NAME", 22) + pad("TITLE", 40) + "STATUS")
    var counts = [String: Int]()
    for exercise in chosen {
        let info = exercise.info
        let status = exercise.checkStub(environment).status
        counts[status.label, default: 0] += 1
        print(pad("\(info.chapter).\(info.number)", 6) + pad(info.name, 22) + pad(info.title, 40) + status.label)
        if case .failing(let first) = status { print("      " + first) }
    }
    print("\n\(chosen.count) exercises: " + ["passing", "failing", "not started"].map { "\(counts[$0, default: 0]) \($0)" }.joined(separator: ", ")
          + ". 'nabla exercises check NAME' checks one in detail.")
    return 0
}
