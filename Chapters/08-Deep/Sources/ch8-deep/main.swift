import Foundation
import NablaCore
import NablaData
import NablaTrain
import Deep
import Optimizers  // chapter 7: every --optimizer choice

// ch8-deep: deeper networks (VGG stages, residual networks) on MNIST, Fashion-MNIST, KMNIST or CIFAR-10. Sections:
// train one model; compare the gradient reaching each layer with and without shortcuts; an
// ensemble of independently seeded models; a snapshot ensemble from one run with warm restarts.

let defaults = DeepExperiment()
let spec = CommandSpec(
    name: "ch8-deep",
    overview: "Train deeper networks (VGG-style, ResNet) on MNIST, Fashion-MNIST, KMNIST or CIFAR-10: one model, the gradient with and "
        + "without shortcuts, ensembles of models and of snapshots.",
    options: [
        OptionSpec("section", .choice(["train", "gradients", "ensemble", "snapshots", "transfer"]),
                   help: "train: one model and its test accuracy. gradients: ‖dL/dW‖ of every convolution of a plain network "
                       + "and of the same network with shortcuts, at initialisation (ResNet-20 unless --blocks). ensemble: "
                       + "--members models with seeds seed, seed+1, … and the mean of their softmax. snapshots: one run with "
                       + "cosine warm restarts, a snapshot at the end of each of --cycles cycles, and their ensemble. transfer: train on "
                       + "--dataset, then on --target with 1%, 10% and 100% of its labels from scratch, as a linear probe "
                       + "on the frozen network, and fine-tuned (--epochs 3 unless given).",
                   default: "train"),
        OptionSpec("model", .choice(DeepArchitecture.allCases.map(\.rawValue)),
                   help: "Architecture: vgg, resnet, or plain (resnet without its shortcuts).", default: defaults.architecture.rawValue),
        OptionSpec("widths", .intList, help: "Channels of each stage, comma-separated (each stage after the first halves the size).",
                   default: defaults.widths.map(String.init).joined(separator: ","), valueName: "sizes"),
        OptionSpec("blocks", .intList, help: "Basic blocks per stage (resnet, plain), comma-separated; the gradients section: 3,3,3.",
                   default: defaults.blocksPerStage.map(String.init).joined(separator: ","), valueName: "counts"),
        OptionSpec("shift", .int, help: "Shift training images by up to this many pixels (0: no augmentation); for CIFAR-10 "
                       + "the default is 4, the usual RandomCrop(32, padding=4).",
                   default: String(defaults.maximumShift), valueName: "pixels"),
        OptionSpec("rotate", .double, help: "Turn each training image by a random angle of up to this many degrees either way, "
                       + "bilinear (torchvision's RandomAffine(degrees); 0: none).",
                   default: "0", valueName: "degrees"),
        OptionSpec("zoom", .double, help: "Scale each training image by a random factor in 1 ± this, about its centre "
                       + "(RandomAffine's scale; 0: none).",
                   default: "0", valueName: "z"),
        OptionSpec("elastic", .double, help: "Elastic distortions: move each pixel of a training image by α times a random field "
                       + "smoothed by a Gaussian of width --elastic-sigma, both in pixels (Simard et al. 2003: α 34, σ 4; 0: none).",
                   default: "0", valueName: "alpha"),
        OptionSpec("elastic-sigma", .double, help: "The width σ of the Gaussian that smooths the elastic field, in pixels.",
                   default: String(defaults.elasticSigma), valueName: "sigma"),
        OptionSpec("flip", .choice(["auto", "on", "off"]),
                   help: "Mirror half the training images left to right; auto: on for Fashion-MNIST and CIFAR-10, off for digits and "
                       + "characters (never on for them).",
                   default: "auto"),
        OptionSpec("erase", .double, help: "Erase a random rectangle (2–33% of the image, set to the mean) of each training "
                       + "image with this probability: torchvision's RandomErasing (0: none).",
                   default: "0", valueName: "p"),
        OptionSpec("train", .int, help: "Train on this many images drawn from the training set (for quick runs; default: all "
                       + "not held out for validation).", valueName: "n"),
        OptionSpec("target", .choice(IDXDataset.grayscale.map(\.name)), help: "The transfer section's target data set.",
                   default: "fashion-mnist"),
        OptionSpec("tta", .flag, help: "ensemble and snapshots sections: average each model's softmax over the test image and its "
                       + "mirror image too (test-time augmentation; not for digits or characters)."),
        OptionSpec("members", .int, help: "Models in the ensemble section.", default: "3", valueName: "k"),
        OptionSpec("cycles", .int, help: "Warm-restart cycles (and snapshots) in the snapshots section; they divide --epochs.",
                   default: "3", valueName: "m"),
    ]
        + defaults.training.options()
        + [.threads(), .dataDirectory(), .dataset(IDXDataset.all), .report()] + RunOutputs.options())

prepareTool("ch8-deep", interruptible: true)
let arguments = spec.parseOrExit()
let section = arguments.string("section")!
let target = IDXDataset.named(arguments.string("target")!)!
var experiment = DeepExperiment(architecture: DeepArchitecture(rawValue: arguments.string("model")!)!)
experiment.training.read(arguments, spec: spec)
experiment.widths = arguments.intList("widths")!
experiment.blocksPerStage = section == "gradients" && !arguments.isGiven("blocks") ? [3, 3, 3] : arguments.intList("blocks")!
experiment.maximumShift = experiment.training.dataset == .cifar10 && !arguments.isGiven("shift") ? 4 : arguments.int("shift")!
if section == "transfer" && !arguments.isGiven("epochs") { experiment.training.epochs = 3 }
if section == "transfer" && experiment.training.optimizer != .sgd {
    spec.exitWithUsageError("--optimizer \(experiment.training.optimizer.rawValue): the transfer section trains every run with sgd "
                            + "(fine-tuning at a tenth of --lr); give --lr and --momentum instead")
}
if section == "transfer" && experiment.training.dataset.imageShape != target.imageShape {
    spec.exitWithUsageError("--dataset \(experiment.training.dataset.name): transfer needs a source of 28×28 gray images like its target "
                            + "\(target.name)")
}
if section == "transfer" && target == experiment.training.dataset {
    spec.exitWithUsageError("--target \(target.name) is also --dataset: transfer needs two data sets (the default: --dataset mnist --target fashion-mnist)")
}
if experiment.widths.isEmpty || experiment.widths.contains(where: { $0 < 1 || $0 > 4096 }) {
    spec.exitWithUsageError("--widths: give one positive channel count (at most 4096) per stage, e.g. 16,32,64")
}
if experiment.blocksPerStage.count != experiment.widths.count || experiment.blocksPerStage.contains(where: { $0 < 1 || $0 > 64 }) {
    spec.exitWithUsageError("--blocks: give one block count (1 to 64) per stage of --widths (\(experiment.widths.count) stages)")
}
if !(0...8).contains(experiment.maximumShift) { spec.exitWithUsageError("--shift: give 0 to 8 pixels") }
(experiment.rotation, experiment.zoom) = (arguments.double("rotate")!, arguments.double("zoom")!)
if !(0...180).contains(experiment.rotation) { spec.exitWithUsageError("--rotate \(experiment.rotation): give 0 to 180 degrees (10 is usual for digits)") }
if !(0..<1).contains(experiment.zoom) { spec.exitWithUsageError("--zoom \(experiment.zoom): give a fraction from 0 to below 1 (0.1: sizes 0.9 to 1.1)") }
(experiment.elasticAlpha, experiment.elasticSigma) = (arguments.double("elastic")!, arguments.double("elastic-sigma")!)
if !(0...100).contains(experiment.elasticAlpha) { spec.exitWithUsageError("--elastic \(experiment.elasticAlpha): give 0 to 100 pixels (34 is Simard et al.'s)") }
if !(experiment.elasticSigma > 0 && experiment.elasticSigma <= 64) {
    spec.exitWithUsageError("--elastic-sigma \(experiment.elasticSigma): give a width above 0 and up to 64 pixels (4 is Simard et al.'s)")
}
experiment.erasing = arguments.double("erase")!
if !(0...1).contains(experiment.erasing) { spec.exitWithUsageError("--erase \(experiment.erasing): give a probability from 0 to 1") }
switch arguments.string("flip")! {
case "on" where !experiment.training.dataset.mirroringKeepsClasses:
    spec.exitWithUsageError("--flip on: a mirrored image of \(experiment.training.dataset.title) does not show its class "
                            + "(a mirrored 2 is not a 2); flip Fashion-MNIST or CIFAR-10, not digits or characters")
case "on": experiment.flips = true
case "off": experiment.flips = false
default: break
}
if let count = arguments.int("train") {
    let available = experiment.training.dataset.trainingCount - experiment.training.validationCount
    guard (1...available).contains(count) else {
        spec.exitWithUsageError("--train \(count): give 1 to \(available) images (\(experiment.training.dataset.trainingCount) less the "
                                + "\(experiment.training.validationCount) of --validation)")
    }
    experiment.trainingCount = count
}
let members = arguments.int("members")!, cycles = arguments.int("cycles")!
if !(1...20).contains(members) { spec.exitWithUsageError("--members: give 1 to 20 models") }
if section == "snapshots" && (cycles < 1 || experiment.training.epochs % cycles != 0) {
    spec.exitWithUsageError("--cycles \(cycles) must divide --epochs \(experiment.training.epochs) (each cycle is --epochs / --cycles epochs)")
}
if arguments.flag("tta") && !["ensemble", "snapshots"].contains(section) {
    spec.exitWithUsageError("--tta belongs to the ensemble and snapshots sections (this is --section \(section)); "
                            + "for one model: --section ensemble --members 1 --tta")
}
if arguments.flag("tta") && !experiment.training.dataset.mirroringKeepsClasses {
    spec.exitWithUsageError("--tta: a mirrored image of \(experiment.training.dataset.title) does not show its class")
}
for option in ["report", "save", "resume", "plot-dir", "find-lr", "sanity"] where section != "train" && arguments.isGiven(option) {
    spec.exitWithUsageError("--\(option) belongs to the train section only (this is --section \(section))")
}
let threads = spec.threadCount(arguments)
let reportPath = spec.outputFile(arguments, option: "report")
let outputs = RunOutputs(arguments, spec: spec)
let optimizer: any Optimizer<Float>
do { optimizer = try experiment.training.makeOptimizer() } catch { spec.exitWithUsageError(TrainingSettings.flagMessage(for: error)) }

/// The gradients section: ‖dL/dW‖ of each convolution, plain against residual, averaged over a few
/// batches of the training set, at initialisation (same seed, same weights).
@MainActor func compareGradientNorms(on splits: DataSplits<NormalizedImages>) throws {
    let batches = 4, batchSize = experiment.training.batchSize
    var norms: [DeepArchitecture: [Double]] = [:], layers: [String] = []
    for architecture in [DeepArchitecture.plain, .resnet] {
        var twin = experiment
        twin.architecture = architecture
        let model = try twin.makeModel()
        for b in 0..<batches {
            let (features, labels) = splits.training.batch(ArraySlice(b * batchSize..<(b + 1) * batchSize))
            let perLayer = try convolutionGradientNorms(model, features: features, labels: labels)
            if norms[architecture] == nil { norms[architecture] = [Double](repeating: 0, count: perLayer.count) }
            if architecture == .plain && b == 0 { layers = perLayer.map(\.layer) }
            for (k, (_, norm)) in perLayer.enumerated() { norms[architecture]![k] += norm / Double(batches) }
        }
    }
    let (plain, residual) = (norms[.plain]!, norms[.resnet]!)
    print("‖dL/dW‖ of each convolution at initialisation, the mean over \(batches) batches of \(batchSize) images; "
          + "\(layers.count + 1) layers with weights (\(layers.count) convolutions and the linear layer)")
    print("layer".padding(toLength: 18, withPad: " ", startingAt: 0) + "      plain   residual")
    for (k, layer) in layers.enumerated() {
        print(layer.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: " %10.4f %10.4f", plain[k], residual[k]))
    }
    print(String(format: "first layer / last layer: plain %.3f, residual %.3f", plain.first! / plain.last!,
                 residual.first! / residual.last!))
}

/// The ensemble section: `members` models seeded apart, each trained as the train section trains one,
/// as many side by side as there are threads.
@MainActor func trainEnsemble(on splits: DataSplits<NormalizedImages>) throws {
    let start = Date()
    let seeds = (0..<members).map { experiment.training.seed &+ UInt64($0) }
    let settings = experiment.training
    let models = try experiment.trainMembers(seeds: seeds, on: splits, threads: threads, makeOptimizer: { try settings.makeOptimizer() })
        .map(\.model)
    try reportEnsemble(Ensemble(members: models, mirrored: arguments.flag("tta")), on: splits, what: "model", seconds: Date().timeIntervalSince(start))
}

/// The snapshots section: one run, the rate restarted every epochs/cycles epochs, the model kept at
/// the end of each cycle (where the rate is lowest).
@MainActor func trainSnapshots(on splits: DataSplits<NormalizedImages>) throws {
    let start = Date(), period = experiment.training.epochs / cycles
    let schedule = CosineAnnealingWarmRestarts(initial: experiment.training.learningRate, period: period)
    var snapshots: [Sequential<Float>] = []
    print("one run of \(experiment.training.epochs) epochs, the learning rate restarted every \(period); a snapshot after epochs "
          + (1...cycles).map { String($0 * period) }.joined(separator: ", "))
    _ = try experiment.train(on: splits, optimizer: optimizer, schedule: schedule, threads: threads, seed: experiment.training.seed) {
        trainer, _ in if trainer.epochsTrained % period == 0 { snapshots.append(trainer.model) }
    }
    try reportEnsemble(Ensemble(members: snapshots, mirrored: arguments.flag("tta")), on: splits, what: "snapshot", seconds: Date().timeIntervalSince(start))
}

/// The transfer section: the source network, then each fraction of the target three ways.
@MainActor func compareTransfer(from source: DataSplits<NormalizedImages>) throws {
    let start = Date()
    let targetData = try MNIST.load(dataDirectory: nil, dataset: target)
    print("\(experiment.training.dataset.title) → \(target.title); \(experiment.training.epochs) epochs per run (at least 300 steps), "
          + "fine-tuning at lr \(experiment.training.learningRate / 10)")
    _ = try TransferStudy(experiment: experiment).run(source: source, target: targetData, threads: threads)
    print(String(format: "all runs in %.0f s", Date().timeIntervalSince(start)))
}

@MainActor func reportEnsemble(_ ensemble: Ensemble, on splits: DataSplits<NormalizedImages>, what: String, seconds: Double) throws {
    var ensemble = ensemble
    let (together, alone) = try ensemble.accuracies(on: splits.test)
    print()
    for (k, accuracy) in alone.enumerated() { print(String(format: "\(what) %d alone: test %.2f%%", k + 1, 100 * accuracy)) }
    let views = ensemble.mirrored ? " over each test image and its mirror image" : ""
    print("ensemble of \(alone.count) (mean of softmax\(views)): " + String(format: "test %.2f%%, in %.0f s", 100 * together, seconds))
}

do {
    let blocks = experiment.architecture == .vgg ? "" : ", blocks \(experiment.blocksPerStage.map(String.init).joined(separator: ","))"
    print("\(experiment.architecture.rawValue), widths \(experiment.widths.map(String.init).joined(separator: ","))\(blocks):")
    print(try modelSummary(experiment.makeModel(), inputShape: experiment.training.dataset.imageShape) + "\n")
    let splits = try experiment.loadSplits(dataDirectory: arguments.string("data-dir"))
    print("\(experiment.training.describeSizes(splits)); \(experiment.training.summary), shifts up to \(experiment.maximumShift) px"
          + (experiment.rotation > 0 ? ", rotations up to \(experiment.rotation)°" : "") + (experiment.zoom > 0 ? ", zoom 1 ± \(experiment.zoom)" : "")
          + (experiment.elasticAlpha > 0 ? ", elastic α \(experiment.elasticAlpha) σ \(experiment.elasticSigma)" : "")
          + (experiment.flipsImages ? ", flips" : "") + (experiment.erasing > 0 ? ", erasing p \(experiment.erasing)" : "")
          + ", \(threads) threads")
    switch section {
    case "gradients": try compareGradientNorms(on: splits)
    case "ensemble": try trainEnsemble(on: splits)
    case "snapshots": try trainSnapshots(on: splits)
    case "transfer": try compareTransfer(from: splits)
    default:
        if try !experiment.runOrDiagnose(on: splits, optimizer: optimizer, threads: threads, outputs: outputs, reportPath: reportPath) {
            exit(1)
        }
    }
} catch {
    exitAfterError(error, reportPath: reportPath)
}
