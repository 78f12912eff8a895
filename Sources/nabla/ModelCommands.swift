import Foundation
import NablaCore
import NablaData
import NablaTrain
import MLP
import CNN

// `nabla summary`, `nabla show` and `nabla predict`: the models the MNIST chapters train, looked at
// and used outside a training run.

/// The models of the MNIST chapters by the names their reports and checkpoints use: chapter 4's
/// `lenet` and `wide`, chapter 3's perceptron with its hidden widths.
func catalogModel(chapter: String, config: [String: JSON]) throws -> (model: Sequential<Float>, inputShape: [Int]) {
    var generator = RandomGenerator(seed: 0)
    switch (chapter, config["model"], config["hidden"]) {
    case ("04-CNN", .string(let name)?, _):
        guard let architecture = CNNArchitecture(rawValue: name) else {
            throw NablaError.unsupported("model '\(name)' of chapter 4 (known: \(CNNArchitecture.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return (try architecture.makeModel(generator: &generator), [1, 28, 28])
    case ("03-MLP", _, .array(let widths)?):
        let hidden = try widths.map { (value: JSON) throws -> Int in
            guard case .number(let n) = value, n >= 1, n <= Double(Config.largestInteger), n.rounded() == n else {
                throw NablaError.unsupported("hidden width \(value) of a chapter 3 model")
            }
            return Int(n)
        }
        try TensorSize.check([hidden.max() ?? 1, 784], what: "hidden widths \(hidden)", op: "mlp")
        return (multilayerPerceptron(inputs: 784, hidden: hidden, classes: 10, generator: &generator), [784])
    default:
        throw NablaError.unsupported("no model of chapter '\(chapter)' with config \(JSON.object(config).serialized(indent: nil)) "
                                     + "(nabla knows ch3-mlp's perceptrons and ch4-cnn's lenet and wide)")
    }
}

// MARK: - summary

let summarySpec = CommandSpec(
    name: "nabla summary",
    overview: "Print a model's layers: output shapes, parameters and multiply-adds per example.",
    arguments: [ArgumentSpec("model", help: "lenet or wide (chapter 4), or mlp (chapter 3, with --hidden).", isOptional: true)],
    options: [
        OptionSpec("hidden", .intList, help: "The perceptron's hidden widths, for mlp.", default: "512,256", valueName: "sizes"),
        OptionSpec("checkpoint", .string, help: "Summarise the model saved in this checkpoint instead.", valueName: "file"),
    ])

func runSummary(_ arguments: [String]) -> Int32 {
    let parsed = summarySpec.parseOrExit(arguments)
    do {
        if let path = parsed.string("checkpoint") {
            let checkpoint = try Checkpoint.read(from: path)
            print("\(path): \(checkpoint.report.chapter), \(checkpoint.epochsTrained) epochs trained")
            print(checkpoint.summary)
            return 0
        }
        guard let name = parsed.positionals.first else {
            summarySpec.exitWithUsageError("Missing expected argument '<model>' (lenet, wide or mlp), or --checkpoint FILE.")
        }
        let config: [String: JSON], chapter: String
        switch name {
        case "mlp":
            let hidden = parsed.intList("hidden")!
            summarySpec.checkLayerWidths(hidden, inputs: 784, outputs: 10, option: "hidden")
            (chapter, config) = ("03-MLP", ["hidden": .array(hidden.map { .number(Double($0)) })])
        case let other where CNNArchitecture(rawValue: other) != nil:
            (chapter, config) = ("04-CNN", ["model": .string(other)])
        default:
            summarySpec.exitWithUsageError("Unknown model '\(name)': give lenet, wide or mlp.")
        }
        let (model, inputShape) = try catalogModel(chapter: chapter, config: config)
        print(try modelSummary(model, inputShape: inputShape))
        return 0
    } catch {
        printError("Error: \(error)")
        return 1
    }
}

// MARK: - show

let showSpec = CommandSpec(
    name: "nabla show",
    overview: "Write one MNIST (or Fashion-MNIST) image as a PNG file, and print its label.",
    options: [
        OptionSpec("index", .int, help: "The image's position in the split, from 0."),
        OptionSpec("split", .choice(["test", "train"]), help: "Which split.", default: "test"),
        OptionSpec("output", .string, help: "The PNG file to write (default: DATASET-SPLIT-INDEX.png, e.g. mnist-test-0.png).", valueName: "file"),
        .dataDirectory(),
        .dataset(),
        .quiet(),
    ])

func runShow(_ arguments: [String]) -> Int32 {
    let parsed = showSpec.parseOrExit(arguments)
    guard let index = parsed.int("index") else { showSpec.exitWithUsageError("Missing --index N (an image's position, from 0).") }
    let split = parsed.string("split")!
    let output = parsed.string("output") ?? "\(parsed.dataset.name)-\(split)-\(index).png"
    do {
        try OutputFile.check(output)
        let dataset = parsed.dataset
        let mnist = try MNIST.load(dataDirectory: parsed.string("data-dir"), dataset: dataset)
        let images = split == "test" ? mnist.test : mnist.training
        guard (0..<images.count).contains(index) else {
            showSpec.exitWithUsageError("--index must be in 0..<\(images.count) for the \(split) split, got \(index).")
        }
        try images.grayImage(index).writePNG(to: output)
        let label = Int(images.labels[index])
        let named = dataset == .mnist || label >= dataset.classNames.count ? "" : " (\(dataset.classNames[label]))"
        print("\(output): \(split) image \(index), label \(label)\(named) (\(images.columns)×\(images.rows) pixels)")
        return 0
    } catch {
        printError("Error: \(error)")
        return 1
    }
}

// MARK: - predict

let predictSpec = CommandSpec(
    name: "nabla predict",
    overview: "Classify images with a model saved by --save: the three likeliest digits of each.",
    arguments: [ArgumentSpec("images", help: "PNG (8-bit gray, RGB or RGBA, not interlaced) or PGM files.", isRepeated: true)],
    options: [
        OptionSpec("checkpoint", .string, help: "A checkpoint written by ch3-mlp or ch4-cnn --save.", valueName: "file"),
        OptionSpec("invert", .choice(["auto", "yes", "no"]),
                   help: "MNIST digits are white on black; auto inverts an image whose border is mostly bright (ink on paper).",
                   default: "auto"),
    ],
    discussion: """
    Each image is made gray (ITU-R BT.601 luma, transparency over white), inverted when its border \
    is mostly bright (--invert auto), resized to 28x28 by area averaging when it has another size, \
    and normalised with the training statistics the checkpoint records. MNIST's digits fill a 20x20 \
    box centred in the 28x28 image: a large, centred digit with a little margin is read best.
    """)

func runPredict(_ arguments: [String]) -> Int32 {
    let parsed = predictSpec.parseOrExit(arguments)
    guard let path = parsed.string("checkpoint") else { predictSpec.exitWithUsageError("Missing --checkpoint FILE (written by --save).") }
    if parsed.positionals.isEmpty { predictSpec.exitWithUsageError("Missing expected argument '<images>': one or more image files.") }
    do {
        let checkpoint = try Checkpoint.read(from: path)
        var (model, inputShape) = try catalogModel(chapter: checkpoint.report.chapter, config: checkpoint.report.config)
        try model.loadStateDict(checkpoint.model, file: path, savedSummary: checkpoint.summary)
        var failures = 0
        for file in parsed.positionals {
            do {
                let original = try GrayImage.loading(path: file)
                let invert = parsed.string("invert") == "yes" || (parsed.string("invert") == "auto" && original.hasBrightBorder)
                let image = (invert ? original.inverted() : original).resized(toWidth: 28, height: 28)
                let mean = checkpoint.normalization.mean, deviation = checkpoint.normalization.standardDeviation
                let x = Tensor<Float>(shape: [1] + inputShape, scalars: image.pixels.map { Float((Double($0) / 255 - mean) / deviation) })
                let scores = try model(x).scalars.map(Double.init)
                let top = scores.max()!, total = scores.reduce(0) { $0 + Foundation.exp($1 - top) }
                let ranked = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(3)
                var notes: [String] = []
                if original.width != 28 || original.height != 28 { notes.append("resized from \(original.width)×\(original.height)") }
                if invert { notes.append("inverted") }
                print("\(file): " + ranked.map { String(format: "%d (%.1f%%)", $0, 100 * Foundation.exp(scores[$0] - top) / total) }
                    .joined(separator: ", ") + (notes.isEmpty ? "" : "   [\(notes.joined(separator: ", "))]"))
            } catch {
                printError("Error: \(error)")
                failures += 1
            }
        }
        return failures == 0 ? 0 : 1
    } catch {
        printError("Error: \(error)")
        return 1
    }
}
