// ch1-linear: the experiments of chapter 1, in four sections a learner can follow.
//
//   1. linear regression: the normal equations, and gradient descent on the MSE converging to them
//   2. MSE against L1 on data with outliers
//   3. softmax and SVM classifiers trained by minibatch SGD on Gaussian blobs
//   4. spirals: a linear classifier fails on the raw points and succeeds on transformed features
//
//   5. with --mnist, alone: the softmax classifier on MNIST (MNISTSection.swift)

import Foundation
import LinearClassifiers
import NablaCore
import NablaTrain

prepareTool("ch1-linear")

let spec = CommandSpec(
    name: "ch1-linear",
    overview: "Chapter 1: linear regression, softmax and SVM classifiers, minibatch SGD, feature transforms.",
    options: [
        .seed(),
        .epochs(help: "Epochs of minibatch SGD for each classifier.", default: 50),
        .learningRate(help: "Learning rate of minibatch SGD.", default: 0.5),
        .batchSize(default: 32),
        OptionSpec("reg", .double, help: "L2 regularisation strength λ (loss term λ·ΣW²).", default: "0.001"),
        .plotDirectory(help: "With --mnist: draw the ten templates, the loss and the confusion matrix (SVG, CSV, index.html) here."),
        .flag("mnist", help: "Run only section 5: the softmax classifier on MNIST (there --epochs, --lr and --batch-size default to 5, 0.05 and 128)."),
        .dataDirectory(help: "MNIST directory for --mnist (else $MNIST_DIR, else the repository's Data/mnist, else the user cache; downloaded if missing)."),
        .dataset(),
        .quiet(),
    ],
    discussion: """
        Sections: 1. linear regression (normal equations, gradient descent); 2. MSE against L1 on data
        with outliers; 3. softmax and SVM on Gaussian blobs; 4. spirals, raw points against transformed
        features. --epochs, --lr, --batch-size and --reg set the training of sections 3 and 4.
        Every number printed depends only on the seed and the options.
        """)
let arguments = spec.parseOrExit()

struct SGDSettings {
    let epochs: Int, learningRate: Double, batchSize: Int, regularization: Double
}
let seed = arguments.uint64("seed")!
let plotDirectory = spec.plotDirectory(arguments)
if plotDirectory != nil && !arguments.flag("mnist") { spec.exitWithUsageError("--plot-dir draws the MNIST run: add --mnist.") }
if arguments.isGiven("dataset") && !arguments.flag("mnist") { spec.exitWithUsageError("--dataset chooses the data of the MNIST section: add --mnist.") }
let settings = SGDSettings(epochs: arguments.int("epochs")!, learningRate: arguments.double("lr")!,
                                batchSize: arguments.int("batch-size")!, regularization: arguments.double("reg")!)
if settings.epochs < 1 { spec.exitWithUsageError("--epochs must be at least 1, got \(settings.epochs).") }
if settings.batchSize < 1 { spec.exitWithUsageError("--batch-size must be at least 1, got \(settings.batchSize).") }
if settings.learningRate <= 0 { spec.exitWithUsageError("--lr must be positive, got \(settings.learningRate).") }
if settings.regularization < 0 { spec.exitWithUsageError("--reg must not be negative, got \(settings.regularization).") }

func format(_ value: Double, _ decimals: Int = 3) -> String { String(format: "%.\(decimals)f", value) }
func percent(_ fraction: Double) -> String { String(format: "%5.1f%%", 100 * fraction) }
func vector(_ values: some Sequence<Double>) -> String { "[" + values.map { format($0) }.joined(separator: ", ") + "]" }
func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
func distance(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double { ((a - b) * (a - b)).sum().squareRoot() }

/// The epochs worth a line in a table: all of up to 10, otherwise about ten evenly spaced.
func isShown(epoch: Int, of epochs: Int) -> Bool {
    epochs <= 10 || epoch == 1 || epoch % (epochs / 10) == 0 || epoch == epochs
}

/// Each section draws from its own generator, so changing one section's options leaves the others' numbers alone.
func generator(section: UInt64) -> RandomGenerator { RandomGenerator(seed: seed &+ section) }

// MARK: 1. Linear regression

func linearRegressionSection() {
    var random = generator(section: 1)
    let trueWeights = [2.0, -3.0, 0.5], trueBias = 1.0
    let data = RegressionData<Double>.linear(weights: trueWeights, bias: trueBias, count: 200,
                                             noiseStandardDeviation: 0.5, generator: &random)
    let inputs = appendingOnesColumn(data.inputs)
    print("1. Linear regression: y = x·w + b + noise, 200 points, 3 features, noise σ = 0.5")
    print("   true            w = \(vector(trueWeights))  b = \(format(trueBias))")
    let exact = leastSquares(inputs: inputs, targets: data.targets)
    print("   normal equations w = \(vector(exact.scalars.dropLast()))  b = \(format(exact.scalars.last!))"
          + "   (XᵀX w = Xᵀy, solved by Cholesky)")
    let steps = 200, learningRate = 0.1
    print("   gradient descent on the MSE from w = 0, step size \(learningRate):")
    print("      step        MSE   ‖w − w_normal‖")
    let shown: Set = [0, 1, 2, 5, 10, 20, 50, 100, 150, 200]
    gradientDescent(inputs: inputs, targets: data.targets, loss: .meanSquared, learningRate: learningRate,
                    steps: steps) { step, weights, loss in
        guard shown.contains(step) else { return }
        print("   \(padded(String(step), 7))  \(padded(format(loss, 5), 9))   \(String(format: "%.2e", distance(weights, exact)))")
    }
    print("   The noise keeps the fit from the true weights (about σ/√N); gradient descent reaches the")
    print("   least-squares solution itself, to rounding.")
    print()
}

// MARK: 2. MSE versus L1 on data with outliers

func outlierSection() {
    var random = generator(section: 2)
    let clean = RegressionData<Double>.linear(weights: [2], bias: 1, count: 100, noiseStandardDeviation: 0.3,
                                              generator: &random)
    let data = clean.withOutliers(fraction: 0.1, shift: 10, generator: &random)
    let inputs = appendingOnesColumn(data.inputs)
    print("2. MSE against L1 on a line with outliers: y = 2x + 1 + N(0, 0.3²), then 10 of 100 points moved up by 10")
    let trueLine = Tensor<Double>(shape: [2], scalars: [2, 1])
    func show(_ name: String, _ weights: Tensor<Double>) {
        print("   \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) y = \(format(weights.scalars[0])) x + "
              + "\(format(weights.scalars[1]))    off by \(format(distance(weights, trueLine))) in (slope, intercept)")
    }
    show("true line", trueLine)
    show("MSE (normal equations)", leastSquares(inputs: inputs, targets: data.targets))
    show("MSE (gradient descent, 500 steps)",
         gradientDescent(inputs: inputs, targets: data.targets, loss: .meanSquared, learningRate: 0.1, steps: 500))
    show("L1  (subgradient, 5000 steps)",
         gradientDescent(inputs: inputs, targets: data.targets, loss: .meanAbsolute, learningRate: 0.01, steps: 5000))
    print("   MSE is the likelihood of Gaussian noise, under which a residual of 10σ is all but impossible,")
    print("   so the fit bends towards the outliers. L1 is the likelihood of Laplace noise, whose heavier tails")
    print("   expect the odd large error: the fit stays with the bulk of the points, as a median does.")
    print()
}

// MARK: Training a linear classifier, shared by sections 3 and 4

struct TrainedClassifier {
    let name: String
    let history: [EpochSummary]
    let trainAccuracy: Double, testAccuracy: Double
}

func train(_ name: String, loss: ClassifierLoss, train: LabeledData<Double>, test: LabeledData<Double>,
           random: inout RandomGenerator) throws -> TrainedClassifier {
    var model = LinearClassifier<Double>(features: train.inputs.shape[1], classes: train.classes, generator: &random)
    let history = try trainWithMinibatchSGD(&model, on: train, loss: loss, regularization: settings.regularization,
                                        learningRate: settings.learningRate, epochs: settings.epochs,
                                        batchSize: settings.batchSize, generator: &random)
    return TrainedClassifier(name: name, history: history, trainAccuracy: model.accuracy(on: train),
                             testAccuracy: model.accuracy(on: test))
}

/// One row per shown epoch, with the loss and training accuracy of each classifier side by side.
func printEpochTable(_ runs: [TrainedClassifier]) {
    let columnWidth = 22
    print("   epoch" + runs.map { padded($0.name, columnWidth) }.joined())
    print("        " + runs.map { _ in padded("loss   train acc", columnWidth) }.joined())
    for epoch in 1...settings.epochs where isShown(epoch: epoch, of: settings.epochs) {
        let cells = runs.map { run in
            let summary = run.history[epoch - 1]
            return padded(format(summary.loss, 4) + "    " + percent(summary.trainAccuracy), columnWidth)
        }
        print(padded(String(epoch), 8) + cells.joined())
    }
}

func printAccuracies(_ runs: [TrainedClassifier]) {
    for run in runs {
        print("   \(run.name.padding(toLength: 22, withPad: " ", startingAt: 0)) train \(percent(run.trainAccuracy))   test \(percent(run.testAccuracy))")
    }
}

let settingsLine = "minibatch SGD, \(settings.epochs) epochs, lr \(settings.learningRate), batch \(settings.batchSize), λ \(settings.regularization)"

// MARK: 3. Softmax and SVM on blobs

func blobsSection() throws {
    var random = generator(section: 3)
    let blobs = LabeledData<Double>.blobs(classes: 3, pointsPerClass: 150, generator: &random)
    let (trainSet, testSet) = blobs.split(trainFraction: 0.7, generator: &random)
    print("3. Softmax and SVM classifiers on 3 Gaussian blobs in 2-D (\(trainSet.count) train, \(testSet.count) test points)")
    print("   \(settingsLine)")
    let runs = [try train("softmax", loss: .softmax, train: trainSet, test: testSet, random: &random),
                try train("SVM (hinge)", loss: .svm, train: trainSet, test: testSet, random: &random)]
    printEpochTable(runs)
    printAccuracies(runs)
    print()
}

// MARK: 4. Spirals: raw points against transformed features

func spiralsSection() throws {
    var random = generator(section: 4)
    let classes = 3
    let spirals = LabeledData<Double>.spirals(classes: classes, pointsPerClass: 200, generator: &random)
    let (trainSet, testSet) = spirals.split(trainFraction: 0.7, generator: &random)
    let degree = 6
    let polynomialTrain = polynomialFeatures(trainSet.inputs, degree: degree)
    let polynomialTest = polynomialFeatures(testSet.inputs, degree: degree)
    let standardization = Standardization(fittingTo: polynomialTrain)
    let radial = RadialBasisFeatures<Double>(gridSide: 8, low: -1, high: 1, width: 0.3)
    let featureSets: [(name: String, train: Tensor<Double>, test: Tensor<Double>)] = [
        ("raw (x, y)", trainSet.inputs, testSet.inputs),
        ("degree-\(degree) polynomial", polynomialTrain, polynomialTest),
        ("same, standardised", standardization(polynomialTrain), standardization(polynomialTest)),
        ("\(radial.count) radial bumps", radial(trainSet.inputs), radial(testSet.inputs)),
    ]
    print("4. Spirals: \(classes) arms, \(trainSet.count) train and \(testSet.count) test points; one softmax classifier, four feature sets")
    print("   \(settingsLine)")
    let runs = try featureSets.map { features in
        try train(features.name, loss: .softmax, train: trainSet.withInputs(features.train),
              test: testSet.withInputs(features.test), random: &random)
    }
    printEpochTable(runs)
    printAccuracies(runs)
    print("   Chance is \(format(100 / Double(classes), 1))%. No straight line follows the arms. With polynomial or radial features,")
    print("   a straight boundary in feature space is a curve in the plane, and the same classifier succeeds.")
    print("   Raw monomials differ wildly in offset and spread, which slows SGD; standardised, they train as")
    print("   well as the radial bumps.")
}

print("Chapter 1: linear models (seed \(seed))")
print()
if arguments.flag("mnist") {
    do {
        // 784 inputs instead of 2: a smaller step and larger batches than the toy sections use.
        try mnistSection(dataDirectory: arguments.string("data-dir"), dataset: arguments.dataset, epochs: arguments.isGiven("epochs") ? settings.epochs : 5,
                         learningRate: Float(arguments.isGiven("lr") ? settings.learningRate : 0.05),
                         batchSize: arguments.isGiven("batch-size") ? settings.batchSize : 128,
                         regularization: Float(settings.regularization), seed: seed, plotDirectory: plotDirectory)
    } catch {
        exitAfterError(error)
    }
    exit(0)
}
linearRegressionSection()
outlierSection()
do {
    try blobsSection()
    try spiralsSection()
} catch {
    exitAfterError(error)
}
