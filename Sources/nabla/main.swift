import Foundation
import NablaTrain

// nabla: the umbrella command. `nabla verify` compares Nabla with PyTorch's numbers;
// `nabla gradcheck` compares each backward with finite differences.

let subcommands: [(name: String, abstract: String)] = [
    (verifySpec.name.split(separator: " ").last.map(String.init)!, "Compare Nabla against golden fixtures made by PyTorch."),
    (gradcheckSpec.name.split(separator: " ").last.map(String.init)!, "Check layers' and losses' gradients by finite differences."),
    (benchSpec.name.split(separator: " ").last.map(String.init)!, "Time the fast kernels against numpy: nabla bench gemm."),
    ("summary", "Print a model's layers, parameters and multiply-adds: nabla summary lenet."),
    ("show", "Write an MNIST image as PNG: nabla show --index 7."),
    ("predict", "Classify images with a saved model: nabla predict --checkpoint lenet.safetensors digit.png."),
]

let toolSpec = CommandSpec(
    name: "nabla",
    overview: "Nabla's verifier: gradient checks and golden fixtures for every layer, loss and optimizer.",
    subcommands: subcommands)

prepareTool("nabla")
var arguments = Array(CommandLine.arguments.dropFirst())
let first = arguments.first ?? "--help"
if first == "help" {
    // `nabla help verify` is `nabla verify --help`.
    arguments = Array(arguments.dropFirst()) + ["--help"]
}
switch arguments.first ?? "--help" {
case "verify":
    exit(runVerify(Array(arguments.dropFirst())))
case "gradcheck":
    exit(runGradcheck(Array(arguments.dropFirst())))
case "bench":
    exit(runBench(Array(arguments.dropFirst())))
case "summary":
    exit(runSummary(Array(arguments.dropFirst())))
case "show":
    exit(runShow(Array(arguments.dropFirst())))
case "predict":
    exit(runPredict(Array(arguments.dropFirst())))
case "-h", "--help":
    print(toolSpec.helpText)
    exit(0)
case let unknown:
    let names = subcommands.map(\.name)
    let best = names.min { editDistance($0, unknown) < editDistance($1, unknown) }!
    let hint = editDistance(best, unknown) <= 3 ? " Did you mean '\(best)'?" : ""
    toolSpec.exitWithUsageError(unknown.hasPrefix("-") ? "Unknown option '\(unknown)'." : "Unknown subcommand '\(unknown)'.\(hint)")
}
