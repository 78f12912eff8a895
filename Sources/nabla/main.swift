import Foundation
import NablaTrain

// nabla: the umbrella command. `nabla verify` compares Nabla with PyTorch's numbers;
// `nabla gradcheck` compares each backward with finite differences; `nabla summary`, `show` and
// `predict` look at models and images and classify with a saved checkpoint.

/// Each subcommand: its name, its line in `nabla --help`, and what runs it (with the arguments after its name).
let commands: [(name: String, abstract: String, run: ([String]) -> Int32)] = [
    ("verify", "Compare Nabla against golden fixtures made by PyTorch.", runVerify),
    ("gradcheck", "Check layers' and losses' gradients by finite differences.", runGradcheck),
    ("bench", "Time the fast kernels against numpy: nabla bench gemm.", runBench),
    ("summary", "Print a model's layers, parameters and multiply-adds: nabla summary lenet.", runSummary),
    ("show", "Write an MNIST image as PNG: nabla show --index 7.", runShow),
    ("exercises", "List the exercises and where each stands; check one: nabla exercises check silu.", runExercises),
    ("predict", "Classify images with a saved model: nabla predict --checkpoint lenet.safetensors digit.png.", runPredict),
]
let subcommands = commands.map { (name: $0.name, abstract: $0.abstract) }

let toolSpec = CommandSpec(
    name: "nabla",
    overview: "Nabla's command line: golden fixtures and gradient checks for every layer, loss and optimizer, "
        + "kernel benchmarks, and saved models looked at and used.",
    subcommands: subcommands)

prepareTool("nabla")
var arguments = Array(CommandLine.arguments.dropFirst())
let first = arguments.first ?? "--help"
if first == "help" {
    // `nabla help verify` is `nabla verify --help`.
    arguments = Array(arguments.dropFirst()) + ["--help"]
}
let name = arguments.first ?? "--help"
if let command = commands.first(where: { $0.name == name }) {
    exit(command.run(Array(arguments.dropFirst())))
}
switch name {
case "-h", "--help":
    print(toolSpec.helpText)
    exit(0)
case let unknown:
    let names = subcommands.map(\.name)
    let best = names.min { editDistance($0, unknown) < editDistance($1, unknown) }!
    let hint = editDistance(best, unknown) <= 3 ? " Did you mean '\(best)'?" : ""
    toolSpec.exitWithUsageError(unknown.hasPrefix("-") ? "Unknown option '\(unknown)'." : "Unknown subcommand '\(unknown)'.\(hint)")
}
