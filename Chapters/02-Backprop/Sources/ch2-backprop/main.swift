// Chapter 2: backpropagation.
//
// (a) A scalar computational graph: every node's value forward, then every node's gradient
//     backward, each as upstream × local derivative, checked against finite differences.
// (b) A two-layer network whose backward pass is written by hand: its gradients against finite
//     differences and against the same network built from the library's layers.
// (c) That network trained with the library's SGD on a spiral: the loss goes down.

import Foundation
import NablaCore
import NablaTrain
import Backprop

prepareTool("ch2-backprop")
let spec = CommandSpec(
    name: "ch2-backprop",
    overview: "Backpropagation: a scalar computational graph, a two-layer network's gradients by hand, a short training run.",
    options: [.seed(),
              .plotDirectory(help: "Draw the training run (loss, accuracy, the regions the network learnt) "
                             + "as SVG, CSV and index.html into this folder.")],
    discussion: "The graph walk-through uses fixed numbers (CS231n's examples); --seed changes the two-layer\n"
        + "network's batch and weights and the training run.")
let arguments = spec.parseOrExit()
let seed = arguments.uint64("seed") ?? 0
let plotDirectory = spec.plotDirectory(arguments)

func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(format: "%.6g", x) }
func scientific(_ x: Double) -> String { String(format: "%.1e", x) }
func padded(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

/// `x + y` rather than `(x + y)` on the right of `q =`.
func rightHandSide(_ node: Value) -> String {
    let text = node.expression
    let isSum = node.operation == .add || node.operation == .subtract
    return isSum && text.hasPrefix("(") && text.hasSuffix(")") ? String(text.dropFirst().dropLast()) : text
}

/// Builds `function` on named inputs, prints its forward values and its backward pass node by node,
/// then compares each input's gradient with central finite differences.
func walkThrough(_ title: String, inputs: KeyValuePairs<String, Double>, _ function: ([Value]) -> Value) {
    print("\n  \(title)")
    let leaves = inputs.map { Value($0.value, $0.key) }
    let output = function(leaves)
    let order = output.topologicalOrder()
    let isInput = { (node: Value) in leaves.contains { $0 === node } }
    let isConstant = { (node: Value) in node.operation == .input && !isInput(node) }

    let computed = order.filter { $0.operation != .input }
    let labelWidth = computed.map(\.label.count).max() ?? 0
    let expressionWidth = computed.map { rightHandSide($0).count }.max() ?? 0
    print("    forward, each node after its parents:")
    print("      " + leaves.map { "\($0.label) = \(number($0.data))" }.joined(separator: ", "))
    for node in computed {
        print("      \(padded(node.label, labelWidth)) = \(padded(rightHandSide(node), expressionWidth)) = \(number(node.data))")
    }

    output.backward()
    let out = output.label
    print("    backward, in reverse order: downstream = upstream × local")
    print("      ∂\(out)/∂\(out) = 1")
    for node in computed.reversed() {
        print("      at \(node.label) = \(rightHandSide(node)), upstream ∂\(out)/∂\(node.label) = \(number(node.grad))")
        for (parent, local) in zip(node.parents, node.localDerivatives) where !isConstant(parent) {
            let sameAsValue = local.rule.replacingOccurrences(of: "−", with: "-") == number(local.value)
            let rule = sameAsValue ? local.rule : "\(local.rule) = \(number(local.value))"
            let localText = "local ∂\(node.label)/∂\(parent.label) = \(rule)"
            print("        \(padded(localText, 36)) → ∂\(out)/∂\(parent.label) += \(number(node.grad)) × \(number(local.value))")
        }
    }

    let numerical = Value.numericalGradient(of: function, at: inputs.map(\.value))
    print("    check: " + zip(leaves, numerical).map { leaf, estimate in
        let error = abs(leaf.grad - estimate) / max(abs(leaf.grad), abs(estimate), 1e-300)
        return "∂\(out)/∂\(leaf.label) = \(number(leaf.grad)) (numerical \(String(format: "%.6f", estimate)), rel. error \(scientific(error)))"
    }.joined(separator: "\n           "))
}

print("(a) A scalar computational graph, forward then backward")
walkThrough("CS231n: f = (x + y)·z", inputs: ["x": -2, "y": 5, "z": -4]) { v in
    let q = (v[0] + v[1]).named("q")
    return (q * v[2]).named("f")
}
walkThrough("A node used twice: f = x·y + x², so ∂f/∂x = y + 2x collects two paths", inputs: ["x": 3, "y": -2]) { v in
    let a = (v[0] * v[1]).named("a")
    let b = v[0].pow(2).named("b")
    return (a + b).named("f")
}
walkThrough("CS231n sigmoid neuron: f = 1 / (1 + exp(−(w0·x0 + w1·x1 + w2)))",
            inputs: ["w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3]) { v in
    let a = (v[0] * v[1]).named("a")
    let b = (v[2] * v[3]).named("b")
    let c = (a + b).named("c")
    let s = (c + v[4]).named("s")
    let n = (-s).named("n")
    let e = n.exp().named("e")
    let d = (1 + e).named("d")
    return (1 / d).named("f")
}

print("\n(b) A two-layer network, backward written by hand: x → Linear → ReLU → Linear → softmax cross-entropy")
do {
    let (n, d, h, c) = (4, 3, 5, 3)
    var generator = RandomGenerator(seed: seed)
    let network = TwoLayerNetwork<Double>(inputs: d, hidden: h, classes: c, generator: &generator)
    let x = Tensor<Double>.normal(shape: [n, d], generator: &generator)
    let labels = (0..<n).map { _ in generator.int(below: c) }
    let check = try network.checkGradients(x, labels: labels)
    print("  batch: N = \(n), D = \(d), H = \(h), C = \(c), labels \(labels), seed \(seed)")
    print("  loss by hand \(String(format: "%.15f", check.lossByHand)), by the library's layers "
          + "\(String(format: "%.15f", check.lossByLibrary))")
    print("  nearest ReLU input to the kink: |z1| = \(String(format: "%.3g", check.nearestKink)) "
          + "(finite differences need it ≫ h = 1e-5)")
    print("  parameter  shape    rel. error vs finite differences   vs library layers")
    for p in check.parameters {
        print("  \(padded(p.name, 10)) \(padded(describe(shape: p.shape), 8)) "
              + "\(padded(scientific(p.errorVersusNumerical), 34)) "
              + (p.errorVersusLibrary == 0 ? "0 (identical)" : scientific(p.errorVersusLibrary)))
    }
} catch {
    printError("error: \(error)")
    exit(1)
}

print("\n(c) Training that network (its hand-written backward) with the library's SGD on a 3-arm spiral")
do {
    var generator = RandomGenerator(seed: seed)
    let (x, labels): (Tensor<Float>, [Int]) = ToyData.spiral(pointsPerClass: 100, classes: 3, generator: &generator)
    var network = TwoLayerNetwork<Float>(inputs: 2, hidden: 64, classes: 3, generator: &generator)
    var optimizer = SGD<Float>(learningRate: 0.5, momentum: 0.9)
    let steps = 500
    print("  \(labels.count) points, 2 → 64 → 3, Float, full batch, SGD lr 0.5 momentum 0.9, \(steps) steps")
    print("  step   loss     accuracy")
    var losses: [Double] = [], accuracies: [Double] = []
    for step in 0...steps {
        let forward = network.forward(x, labels: labels)
        let correct = zip(forward.predictions, labels).filter { $0 == $1 }.count
        losses.append(Double(forward.loss))
        accuracies.append(Double(correct) / Double(labels.count))
        if step % 50 == 0 {
            print("  \(padded(String(step), 6)) \(String(format: "%.4f", Double(forward.loss)))   "
                  + "\(String(format: "%.1f%%", 100 * Double(correct) / Double(labels.count)))")
        }
        if step < steps { optimizer.update(&network.parameters, gradients: network.backward(forward)) }
    }
    if let plotDirectory {
        do {
            let files = try writeSpiralPlots(network: network, points: x, labels: labels, losses: losses, accuracies: accuracies,
                                             to: plotDirectory)
            print("  plots written to \(plotDirectory) (\(files) files; open \(plotDirectory)/index.html)")
        } catch {
            printError("Error: \(error)")
            exit(1)
        }
    }
}
