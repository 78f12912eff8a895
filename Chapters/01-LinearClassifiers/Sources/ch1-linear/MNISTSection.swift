import Foundation
import LinearClassifiers
import NablaCore
import NablaData
import NablaPlot

/// Section 5 (`--mnist`): the softmax classifier of section 3 on real handwritten digits. Each
/// 28×28 image is a row of 784 normalised pixels; the classifier learns one 784-pixel template
/// per digit, and a linear model gets about nine digits in ten right. With a `plotDirectory`, the
/// ten templates are drawn as images, with the loss per epoch and the confusion matrix.
func mnistSection(dataDirectory: String?, dataset: IDXDataset = .mnist, epochs: Int, learningRate: Float, batchSize: Int,
                  regularization: Float, seed: UInt64, plotDirectory: String?) throws {
    let mnist = try MNIST.load(dataDirectory: dataDirectory, dataset: dataset)
    // Statistics of the training images only, applied to both sets.
    let normalization = Normalization(statisticsOf: mnist.training)
    func rows(_ images: ImageDataset) -> LabeledData<Float> {
        let (pixels, labels) = images.batch(indices: Array(0..<images.count)[...], normalization: normalization, as: Float.self)
        return LabeledData(inputs: pixels, labels: labels.scalars.map { Int($0) }, classes: 10)
    }
    let train = rows(mnist.training), test = rows(mnist.test)
    print("5. \(dataset.title): \(train.count) training and \(test.count) test images as rows of 784 normalised pixels")
    print("   softmax classifier, minibatch SGD, \(epochs) epochs, lr \(learningRate), batch \(batchSize), λ \(regularization)")
    var random = RandomGenerator(seed: seed &+ 5)
    var model = LinearClassifier<Float>(features: 784, classes: 10, generator: &random)
    print("   epoch      loss   train acc")
    let history = try trainWithMinibatchSGD(&model, on: train, loss: .softmax, regularization: regularization, learningRate: learningRate,
                                            epochs: epochs, batchSize: batchSize, generator: &random) { summary in
        print(String(format: "   %5d    %.4f      %5.2f%%", summary.epoch, summary.loss, 100 * summary.trainAccuracy))
    }
    let testAccuracy = model.accuracy(on: test)
    print(String(format: "   test accuracy %.2f%%", 100 * testAccuracy))
    if let plotDirectory {
        let figures = [templatesFigure(model.weights, classNames: dataset == .mnist ? nil : dataset.classNames), lossFigure(history),
                       confusionFigure(predicted: model.predict(test.inputs), labels: test.labels, classNames: dataset.classNames)]
        let page = HTMLReport(title: "ch1-linear: a softmax classifier on \(dataset.title)",
                              summary: "\(train.count) training and \(test.count) test images; minibatch SGD, \(epochs) epochs, "
                                  + "lr \(learningRate), batch \(batchSize), λ \(regularization), seed \(seed).",
                              results: [("test accuracy", String(format: "%.2f%%", 100 * testAccuracy))], figures: figures)
        let files = try PlotDirectory.write(page, to: plotDirectory)
        print("   plots written to \(plotDirectory) (\(files.count) files; open \(plotDirectory)/index.html)")
    }
}

/// The weight column of each class, `weights[:, c]` of `[784, 10]`, seen as a 28×28 image,
/// captioned "digit c" or with the class's name.
func templatesFigure(_ weights: Tensor<Float>, classNames: [String]? = nil) -> Figure {
    let classes = weights.shape[1]
    let cells = (0..<classes).map { c in
        GridImage(values: (0..<784).map { Double(weights.scalars[$0 * classes + c]) }, width: 28, height: 28,
                  normalization: .diverging, caption: classNames?[c] ?? "digit \(c)")
    }
    return Figure(name: "templates", chart: ImageGrid(title: "The ten templates: W[:, c] as an image", images: cells, columns: 5, pixelSize: 4),
                  caption: "The score of class c is the dot product of the image with its template: light pixels "
                  + "(positive weights) vote for c, dark ones against, mid-gray is 0. Each template is a blurred "
                  + "average of its class, less what tells it from the others.")
}

func lossFigure(_ history: [EpochSummary]) -> Figure {
    let epochs = history.map { Double($0.epoch) }
    return Figure(name: "loss",
                  chart: LineChart(title: "Training loss and accuracy", xLabel: "epoch", yLabel: "loss (nats) / accuracy",
                                   series: [.init(name: "loss (with λ·ΣW²)", x: epochs, y: history.map(\.loss)),
                                            .init(name: "train accuracy (fraction)", x: epochs, y: history.map(\.trainAccuracy))]),
                  caption: "Per epoch, on the training images.")
}

func confusionFigure(predicted: [Int], labels: [Int], classNames: [String] = (0...9).map(String.init)) -> Figure {
    var counts = Array(repeating: Array(repeating: 0, count: 10), count: 10)
    for (label, guess) in zip(labels, predicted) { counts[label][guess] += 1 }
    return Figure(name: "confusion", chart: ConfusionMatrixChart(title: "Confusion matrix (test images)",
                                                                  classNames: classNames, counts: counts),
                  caption: "Row: the true class; column: the classifier's answer. The diagonal is right.")
}
