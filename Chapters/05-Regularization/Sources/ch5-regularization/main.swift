import Foundation
import NablaCore
import NablaData
import NablaTrain
import Regularization
import Optimizers  // chapter 7: Adam and AdamW, beside SGD in the penalty-versus-decay table

// ch5-regularization: L2 penalty vs weight decay, an ablation study of regularisers on a small
// MNIST training set (overfitting made visible), optional k-fold cross-validation, and the
// regularised perceptron on the full training set.

let defaults = RegularizationExperiment()
let spec = CommandSpec(
    name: "ch5-regularization",
    overview: "Make overfitting visible: an ablation study of dropout, batch norm, L2/L1, augmentation and early stopping on MNIST.",
    options: [
        OptionSpec("train", .int, help: "Training images for the ablation study (a small set, so overfitting shows).",
                   default: "3000", valueName: "n"),
        OptionSpec("validation", .int, help: "Validation images (held out of the training images).", default: "2000", valueName: "n"),
        .epochs(help: "Most epochs per ablation run (early stopping may end a run sooner).", default: defaults.maximumEpochs),
        OptionSpec("patience", .int, help: "Early stopping: epochs without a better validation accuracy before stopping.",
                   default: String(defaults.recipe.earlyStoppingPatience!)),
        OptionSpec("dropout", .double, help: "Dropout probability of the full recipe.", default: String(defaults.recipe.dropout), valueName: "p"),
        OptionSpec("weight-decay", .double, help: "L2 strength λ of the full recipe.", default: String(defaults.recipe.weightDecay)),
        OptionSpec("shift", .int, help: "Largest random shift of the augmentation, in pixels.",
                   default: String(defaults.recipe.maximumShift), valueName: "pixels"),
        OptionSpec("hidden", .intList, help: "Hidden layer widths, comma-separated.",
                   default: defaults.hidden.map(String.init).joined(separator: ","), valueName: "sizes"),
        .batchSize(default: defaults.batchSize),
        .learningRate(help: "Learning rate of SGD with momentum 0.9.", default: defaults.learningRate),
        OptionSpec("kfold", .int, help: "Also estimate the full recipe's validation accuracy by k-fold cross-validation (0: skip).",
                   default: "0", valueName: "k"),
        .plotDirectory(help: "Draw the full-training-set run (SVG, CSV, index.html) into this folder."),
        OptionSpec("full-epochs", .int, help: "Epochs of the final run on all 55,000 training images (0: skip it).",
                   default: "20", valueName: "n"),
        .seed(),
        .threads(),
        .dataDirectory(),
        .dataset(),
        .quiet(),
    ])

prepareTool("ch5-regularization", interruptible: true)
let arguments = spec.parseOrExit()
var experiment = RegularizationExperiment()
experiment.maximumEpochs = arguments.int("epochs")!
experiment.recipe.earlyStoppingPatience = arguments.int("patience")!
experiment.recipe.dropout = arguments.double("dropout")!
experiment.recipe.weightDecay = arguments.double("weight-decay")!
experiment.recipe.maximumShift = arguments.int("shift")!
experiment.hidden = arguments.intList("hidden")!
experiment.batchSize = arguments.int("batch-size")!
experiment.learningRate = arguments.double("lr")!
experiment.seed = arguments.uint64("seed")!
experiment.dataset = arguments.dataset
let trainCount = arguments.int("train")!, validationCount = arguments.int("validation")!
let folds = arguments.int("kfold")!, fullEpochs = arguments.int("full-epochs")!, threads = spec.threadCount(arguments)
let plotDirectory = spec.plotDirectory(arguments)
if plotDirectory != nil && fullEpochs == 0 { spec.exitWithUsageError("--plot-dir draws the full-training-set run: give --full-epochs 1 or more.") }

func check(_ condition: Bool, _ message: String) { if !condition { spec.exitWithUsageError(message) } }
check(experiment.maximumEpochs >= 1, "--epochs must be at least 1, got \(experiment.maximumEpochs).")
check(experiment.recipe.earlyStoppingPatience! >= 1, "--patience must be at least 1, got \(experiment.recipe.earlyStoppingPatience!).")
check((0..<1).contains(experiment.recipe.dropout), "--dropout must be in [0, 1), got \(experiment.recipe.dropout).")
check(experiment.recipe.weightDecay >= 0, "--weight-decay must be ≥ 0, got \(experiment.recipe.weightDecay).")
check((0...10).contains(experiment.recipe.maximumShift), "--shift must be in 0...10 pixels, got \(experiment.recipe.maximumShift).")
check(!experiment.hidden.isEmpty, "--hidden needs at least one width, got none.")
spec.checkLayerWidths(experiment.hidden, inputs: 784, outputs: 10, option: "hidden")
check(experiment.batchSize >= 2, "--batch-size must be at least 2 (batch norm needs two examples), got \(experiment.batchSize).")
check(experiment.learningRate > 0, "--lr must be positive, got \(experiment.learningRate).")
check(trainCount >= 100 && validationCount >= 100 && trainCount + validationCount <= 60_000,
      "--train and --validation must be at least 100 each and together at most 60000, got \(trainCount) and \(validationCount).")
check(folds == 0 || (2...20).contains(folds), "--kfold must be 0 (skip) or in 2...20, got \(folds).")
check(fullEpochs >= 0, "--full-epochs must be ≥ 0, got \(fullEpochs).")

func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

do {
    let mnist = try MNIST.load(dataDirectory: arguments.string("data-dir"), dataset: experiment.dataset)
    let started = Date()

    let demo = PenaltyVersusDecay()
    print("== L2 penalty vs weight decay: L(w) = ½ Σ aᵢ(wᵢ − 1)², a = (100, 0.01), λ = \(demo.strength), \(demo.steps) steps")
    print("optimizer                               w₁ (a = 100)   w₂ (a = 0.01)")
    // Adam and AdamW are chapter 7's: the same two ways to decay weights, under an adaptive step.
    let adamRate = 0.01
    let rows = demo.sgdRows() + [
        ("Adam on L + λ/2‖w‖² (L2 penalty)", demo.train(Adam<Double>(learningRate: adamRate), penalty: true).scalars),
        ("Adam, weight_decay λ", demo.train(Adam<Double>(learningRate: adamRate, weightDecay: demo.strength), penalty: false).scalars),
        ("AdamW, weight_decay λ (decoupled)",
         demo.train(AdamW<Double>(learningRate: adamRate, weightDecay: demo.strength), penalty: false).scalars),
        ("optimum of L + λ/2‖w‖²: a/(a + λ)", demo.penaltyOptimum),
    ]
    for (name, weights) in rows {
        print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + weights.map { String(format: "  %12.6f", $0) }.joined())
    }
    flushOutput()

    let splits = reducedSplits(of: mnist, trainingCount: trainCount, validationCount: validationCount, seed: experiment.seed)
    print("\n== Ablation: MLP \(([784] + experiment.hidden + [10]).map(String.init).joined(separator: "-")) on \(splits.training.count) "
          + "training images (validation \(splits.validation.count), test \(splits.test.count))")
    print("full recipe: \(experiment.recipe.summary); SGD lr \(experiment.learningRate), momentum \(experiment.momentum), "
          + "batch \(experiment.batchSize), at most \(experiment.maximumEpochs) epochs, seed \(experiment.seed), \(threads) threads")
    print("accuracies in %, evaluation mode; gap = train − test; kept = the epoch whose weights were kept\n")
    _ = try AblationStudy(experiment: experiment).run(on: splits, threads: threads)

    if folds > 0 {
        print("\n== \(folds)-fold cross-validation of the full recipe on the same \(splits.training.count) training images "
              + "(\(experiment.maximumEpochs) epochs, no early stopping)")
        let crossValidation = CrossValidation(experiment: experiment, foldCount: folds)
        let accuracies = try crossValidation.run(images: splits.training.images, test: mnist.test, threads: threads) { index, result in
            print(String(format: "fold %2d  train %6.2f  held-out %6.2f  %5.1f s", index + 1, 100 * result.trainAccuracy,
                         100 * result.validationAccuracy, result.seconds))
            flushOutput()
        }
        let (mean, deviation) = meanAndStandardDeviation(accuracies)
        print(String(format: "k-fold estimate: %.2f%% ± %.2f%% (mean ± standard deviation over %d folds)", 100 * mean, 100 * deviation, folds))
    }

    if fullEpochs > 0 {
        let full = experiment.forFullTrainingSet(epochs: fullEpochs)
        let fullSplits = reducedSplits(of: mnist, trainingCount: nil, validationCount: 5_000, seed: experiment.seed)
        print("\n== The regularised MLP on the full training set: \(fullSplits.training.count) training, "
              + "\(fullSplits.validation.count) validation, \(fullSplits.test.count) test images")
        print(try modelSummary(full.makeModel(), inputShape: [784]))
        print("\(full.recipe.summary); SGD lr \(full.learningRate) cosine, momentum \(full.momentum), batch \(full.batchSize), \(fullEpochs) epochs")
        let result = try full.run(on: fullSplits, threads: threads, label: "full", printEpochs: true, plotDirectory: plotDirectory)
        print("train \(percent(result.trainAccuracy))  val \(percent(result.validationAccuracy))  "
              + "test accuracy \(percent(result.testAccuracy)) after \(result.epochsRun) epochs in \(String(format: "%.1f", result.seconds)) s")
    }
    print(String(format: "\ntotal %.1f s", Date().timeIntervalSince(started)))
} catch {
    exitAfterError(error)
}
