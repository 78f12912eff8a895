import Foundation
import NablaCore
import NablaExercises
import NablaOps
import NablaTrain
import NablaVerify

let gradcheckSpec = CommandSpec(
    name: "nabla gradcheck",
    overview: "Check layers' and losses' gradients against central finite differences, in float64.",
    arguments: [ArgumentSpec("name", help: "The op to check, e.g. linear, relu, cross_entropy.", isOptional: true)],
    options: [
        .flag("all", help: "Check every registered layer and loss."),
        .flag("list", help: "List the registered ops and exit."),
        OptionSpec("shape", .intList, help: "Input shape, comma-separated (default: the op's example shape).",
                   valueName: "dims"),
        OptionSpec("config", .string, help: "The op's configuration as a JSON object, e.g. '{\"in_features\": 7, \"out_features\": 2}' (default: the op's example).",
                   valueName: "json"),
        .seed(),
        OptionSpec("step", .double, help: "The finite-difference step h.", default: "1e-05"),
        OptionSpec("samples", .int, help: "Elements checked per tensor larger than 64 elements (at least 10).", default: "16"),
        OptionSpec("tolerance", .double, help: "Largest relative error that passes.", default: "1e-07"),
    ],
    discussion: """
    The relative error is |a - n| / max(|a| + |n|, 1e-8) for the analytic gradient a and the
    numerical one n, using a random upstream gradient. An element passes when its relative error
    is within the tolerance, or its absolute error within tolerance * s, where s is the largest
    gradient element checked for the op: where the true gradient is nearly zero, the fixed noise of
    finite differences is a large relative error. RESULT says which test decided. Points where the
    +-h perturbation crosses a kink (ReLU at 0, a hinge at its margin) are reported in the KINKS
    column and left out of the error, never hidden under a looser tolerance.
    """)

func runGradcheck(_ arguments: [String]) -> Int32 {
    let parsed = gradcheckSpec.parseOrExit(arguments)
    let registry = standardRegistry(Double.self)
    let checkable = (Array(registry.layers.keys) + registry.losses.keys).sorted()
    if parsed.flag("list") {
        for op in checkable {
            let summary = registry.layers[op]?.summary ?? registry.losses[op]?.summary ?? ""
            print(pad(op, 20) + (registry.layers[op] != nil ? "layer  " : "loss   ") + summary)
        }
        return 0
    }
    let ops: [String]
    if parsed.flag("all") {
        if !parsed.positionals.isEmpty { gradcheckSpec.exitWithUsageError("Give either a name or --all, not both.") }
        ops = checkable
    } else if let name = parsed.positionals.first {
        ops = [name]
    } else {
        gradcheckSpec.exitWithUsageError("Missing expected argument '<name>' (or --all; --list shows the names).")
    }
    var config: [String: JSON]?
    if let text = parsed.string("config") {
        let json: JSON
        do {
            json = try JSON.parse(text, file: "--config")
        } catch {
            gradcheckSpec.exitWithUsageError("The value of '--config <json>' is not valid JSON: \(error)")
        }
        guard case .object(let members) = json else {
            gradcheckSpec.exitWithUsageError("The value of '--config <json>' must be a JSON object like '{\"in_features\": 7}', got \(json.kindName).")
        }
        config = members
    }
    if let shape = parsed.intList("shape"), shape.isEmpty || shape.contains(where: { $0 < 1 }) {
        gradcheckSpec.exitWithUsageError("--shape needs sizes of at least 1, like 4,5; got '\(parsed.string("shape") ?? "")'.")
    }
    var options = GradientCheckOptions()
    options.seed = parsed.uint64("seed")!
    options.step = parsed.double("step")!
    options.samplesPerTensor = parsed.int("samples")!
    options.tolerance = parsed.double("tolerance")!

    var passed = 0, failed = 0
    for op in ops {
        do {
            let report = try checkGradients(op: op, registry: registry, inputShape: parsed.intList("shape"),
                                            config: config, options: options)
            print(format(report))
            if report.passed { passed += 1 } else { failed += 1 }
        } catch {
            print("\(op): ERROR \(error)\n")
            // An exercise's op exists only in the learner's stub: its checker runs the gradient check.
            if let exercise = allExercises().first(where: { $0.info.name == op.replacingOccurrences(of: "_", with: "-") }) {
                print("'\(op)' is exercise \(exercise.info.chapter).\(exercise.info.number) (\(exercise.info.reference)): "
                      + "`nabla exercises check \(exercise.info.name)` runs its gradient check and its PyTorch fixtures.\n")
            }
            failed += 1
        }
    }
    print("\(passed) passed, \(failed) failed")
    return failed == 0 ? 0 : 1
}

private func format(_ report: GradientCheckReport) -> String {
    var lines = ["\(report.op)  (input \(describe(shape: report.inputShape)), tolerance \(String(format: "%.0e", report.tolerance)))"]
    lines.append("  " + pad("TENSOR", 16) + pad("CHECKED", 12) + pad("MAX REL ERR", 13) + pad("MAX ABS ERR", 13)
                 + pad("KINKS", 7) + "RESULT")
    for tensor in report.tensors {
        let compared = tensor.checkedCount - tensor.kinkIndices.count
        var line = "  " + pad(tensor.name, 16) + pad("\(tensor.checkedCount)/\(tensor.elementCount)", 12)
            + pad(scientific(tensor.maxRelativeError), 13) + pad(scientific(tensor.maxAbsoluteError), 13)
            + pad("\(tensor.kinkIndices.count)", 7) + (tensor.passed ? "PASS" : "FAIL")
        let bound = String(format: "%.0e × %.3g = %.2e", report.tolerance, report.gradientScale, tensor.absoluteBound)
        if !tensor.passed, let index = tensor.worstIndex {
            line += String(format: "  at [%d]: analytic %.8g, numeric %.8g", index, tensor.worstAnalytic, tensor.worstNumeric)
                + " (\(tensor.failedCount) of \(compared) outside both the relative and the absolute tolerance \(bound))"
        } else if !tensor.passed {
            line += "  (every checked element is at a kink: nothing was compared; try another --seed)"
        } else {
            line += tensor.decidedBy == .relative ? " (relative)"
                : " (absolute: \(tensor.passedByAbsoluteTest) of \(compared) within \(bound), the rest relative)"
        }
        if !tensor.kinkIndices.isEmpty {
            line += "  kinks at \(tensor.kinkIndices.prefix(8).map(String.init).joined(separator: ", "))"
        }
        lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
}
