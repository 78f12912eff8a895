import Foundation
import NablaCore
import NablaData
import NablaPlot

/// The plots of a finished classifier run on an image data set, as `--plot-dir` writes them: each
/// chart as SVG with its data as CSV, and an `index.html` that shows them all with the run's
/// settings and results (NablaPlot). What they show, and why a person looks at each:
///
/// - `loss`: the training loss of every step, faint, under its moving average (is it still falling?);
/// - `accuracy`: train, validation and test accuracy per epoch (the gap between them is overfitting);
/// - `learning_rate`: the rate of every step (the schedule);
/// - `update_ratio`: ‖Δθ‖/‖θ‖ of each weight at the end of each epoch, with the 1e-3 rule of thumb;
/// - `confusion`: which classes are taken for which, with counts;
/// - `first_layer`: the first layer's filters (a CNN) or the weights of its first units (an MLP);
/// - `misclassified`: the test images the model is most confidently wrong about;
/// - `activations` and `gradients`: per layer, the values of its output and of dL/d(output) on
///   one batch, after training.
public struct RunPlots {
    public let trainer: ClassifierTrainer
    public let splits: DataSplits<NormalizedImages>
    public let report: TrainingReport
    /// The data set: its name titles the page, its class names label the charts.
    public var dataset = IDXDataset.mnist
    var classNames: [String] { dataset.classNames }

    public init(trainer: ClassifierTrainer, splits: DataSplits<NormalizedImages>, report: TrainingReport) {
        (self.trainer, self.splits, self.report) = (trainer, splits, report)
    }

    /// Writes every figure and the page into `directory` (created if missing) and returns how many
    /// files it wrote. Throws, naming the path, when the folder cannot be made or written.
    public func write(to directory: String) throws -> Int {
        try PlotDirectory.write(try htmlReport(), to: directory).count
    }

    /// The page and its figures.
    public func htmlReport() throws -> HTMLReport {
        var model = trainer.model
        let predictions = try predict(&model, on: splits.test)
        let settings = report.config.sorted { $0.key < $1.key }.map { (key: $0.key, value: text($0.value)) }
        var results: [(key: String, value: String)] = [("test accuracy", percent(report.testAccuracy ?? 0)),
                                                       ("epochs", String(report.epochs.count)),
                                                       ("time", String(format: "%.1f s", report.secondsTotal))]
        if let validation = report.epochs.last?.validationAccuracy { results.insert(("validation accuracy", percent(validation)), at: 1) }
        if let stopped = report.stopped { results.append(("stopped", stopped)) }
        let summary = (try? modelSummary(trainer.model, inputShape: splits.training.exampleShape)) ?? ""
        return HTMLReport(title: "\(report.chapter): \(modelName) on \(dataset.title)",
                          summary: "\(splits.training.count) training, \(splits.validation.count) validation and "
                              + "\(splits.test.count) test images; \(report.threads) threads, seed \(report.seed).",
                          results: results, settings: settings,
                          figures: [lossFigure, accuracyFigure, learningRateFigure, updateRatioFigure,
                                    confusionFigure(predictions), firstLayerFigure, misclassifiedFigure(predictions)]
                              + (try activationFigures(&model)),
                          textBlocks: [(title: "Model", text: summary)])
    }

    var modelName: String {
        if case .string(let name)? = report.config["model"] { return name }
        if case .array(let widths)? = report.config["hidden"] { return "MLP 784-" + widths.map(text).joined(separator: "-") + "-10" }
        return "a model"
    }

    // MARK: - Curves

    /// Each step placed on the epoch axis: step s of epoch e at e − 1 + (s + 1)/steps.
    var stepPositions: [Double] {
        trainer.history.stepsPerEpoch.enumerated().flatMap { epoch, steps in
            (0..<steps).map { Double(epoch) + Double($0 + 1) / Double(steps) }
        }
    }

    var lossFigure: Figure {
        let history = trainer.history, window = max(1, (history.stepsPerEpoch.first ?? 10) / 10)
        let perEpoch = LineChart.Series(name: "epoch mean", x: report.epochs.map { Double($0.epoch) },
                                        y: report.epochs.map(\.trainLoss))
        let chart = LineChart(title: "Training loss", xLabel: "epoch", yLabel: "cross-entropy (nats)",
                              series: [.init(name: "per step", x: stepPositions, y: history.stepLosses, movingAverageWindow: window),
                                       perEpoch], yScale: .logarithmic)
        return Figure(name: "loss", chart: chart, caption: "The loss of every training batch, faint, under its mean over "
                      + "\(window) steps; the points are each epoch's mean. On a log scale, steady progress is a straight line.")
    }

    var accuracyFigure: Figure {
        let epochs = report.epochs.map { Double($0.epoch) }
        var series = [LineChart.Series(name: "train (as seen)", x: epochs, y: report.epochs.map { 100 * $0.trainAccuracy })]
        if report.epochs.contains(where: { $0.validationAccuracy != nil }) {
            series.append(.init(name: "validation", x: epochs, y: report.epochs.map { 100 * ($0.validationAccuracy ?? .nan) }))
        }
        series.append(.init(name: "test", x: epochs, y: report.epochs.map { 100 * $0.testAccuracy }))
        return Figure(name: "accuracy", chart: LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy (%)", series: series),
                      caption: "Train accuracy is measured on the batches as they were trained on; validation and test "
                      + "after each epoch, in evaluation mode. A widening gap between train and the others is overfitting.")
    }

    var learningRateFigure: Figure {
        Figure(name: "learning_rate",
               chart: LineChart(title: "Learning rate", xLabel: "epoch", yLabel: "learning rate",
                                series: [.init(name: "per step", x: stepPositions, y: trainer.history.stepLearningRates)]),
               caption: "The rate of every step: the schedule, set before each epoch.")
    }

    var updateRatioFigure: Figure {
        let series = trainer.history.updateRatios.map { LineChart.Series(name: $0.name, y: $0.ratios) }
        return Figure(name: "update_ratio",
                      chart: LineChart(title: "Update / weight ratio", xLabel: "epoch", yLabel: "‖Δw‖ / ‖w‖ (last step of the epoch)",
                                       series: series, yScale: .logarithmic,
                                       guides: [.init(y: 1e-3, label: "1e-3, a rule of thumb")]),
                      caption: "How far one step moves each weight matrix, relative to its size. Far above 1e-3 the "
                      + "learning rate is likely too high; far below, too low (or the schedule has ended).")
    }

    // MARK: - Predictions

    /// For each test image: the predicted class and its probability.
    struct Predictions {
        var labels: [Int] = [], predicted: [Int] = [], confidence: [Double] = []
    }

    func predict(_ model: inout Sequential<Float>, on data: NormalizedImages) throws -> Predictions {
        var result = Predictions()
        var context = ForwardContext.evaluation
        for start in stride(from: 0, to: data.count, by: 256) {
            let (features, labels) = data.batch(Array(start..<min(start + 256, data.count))[...])
            let scores = try model.output(features, context: &context)
            let classes = scores.shape[1]
            for row in 0..<scores.shape[0] {
                let values = scores.scalars[(row * classes)..<((row + 1) * classes)].map(Double.init)
                let top = values.indices.max { values[$0] < values[$1] }!
                // p = 1 / Σ_j e^(s_j − s_top), the softmax of the top score
                result.confidence.append(1 / values.reduce(0) { $0 + Foundation.exp($1 - values[top]) })
                result.predicted.append(top)
                result.labels.append(Int(labels.scalars[row]))
            }
        }
        return result
    }

    func confusionFigure(_ predictions: Predictions) -> Figure {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classNames.count), count: classNames.count)
        for (label, predicted) in zip(predictions.labels, predictions.predicted) { counts[label][predicted] += 1 }
        return Figure(name: "confusion", chart: ConfusionMatrixChart(title: "Confusion matrix (test images)",
                                                                      classNames: classNames, counts: counts),
                      caption: "Row: the true class; column: the model's answer. The diagonal is right.")
    }

    func misclassifiedFigure(_ predictions: Predictions) -> Figure {
        let wrong = predictions.labels.indices.filter { predictions.labels[$0] != predictions.predicted[$0] }
            .sorted { predictions.confidence[$0] > predictions.confidence[$1] }.prefix(24)
        let images = splits.test.images
        let cells = wrong.map { i in
            GridImage(bytes: images.grayImage(i).pixels, width: images.columns, height: images.rows,
                      caption: "pred \(classNames[predictions.predicted[i]]) (p \(String(format: "%.2f", predictions.confidence[i])))\n"
                          + "true \(classNames[predictions.labels[i]])")
        }
        return Figure(name: "misclassified",
                      chart: ImageGrid(title: "The \(cells.count) most confident mistakes (of \(wrongCount(predictions)) test errors)",
                                       images: Array(cells), columns: 8),
                      caption: "Test images the model gets wrong with the highest probability: some are ambiguous even to "
                      + "a person, some show what the model has not learnt.")
    }

    func wrongCount(_ predictions: Predictions) -> Int {
        zip(predictions.labels, predictions.predicted).filter { $0 != $1 }.count
    }

    /// The first layer with a weight: a convolution's filters `[out, in, kh, kw]` (one image per
    /// output channel, on input channel 0), or a linear layer's `[out, in]` rows seen as images.
    var firstLayerFigure: Figure {
        guard let (index, weight) = trainer.model.layers.enumerated().lazy
            .compactMap({ i, layer in layer.parameters.tensor(named: "weight").map { (i, $0) } }).first else {
            return Figure(name: "first_layer", chart: ImageGrid(title: "No layer has weights", images: []))
        }
        var cells: [GridImage] = []
        if weight.rank == 4 {
            let (outputs, inputs, height, width) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
            for o in 0..<min(outputs, 64) {
                for c in 0..<min(inputs, 1) {
                    let start = ((o * inputs) + c) * height * width
                    cells.append(GridImage(values: weight.scalars[start..<(start + height * width)].map(Double.init),
                                           width: width, height: height, normalization: .diverging, caption: "filter \(o)"))
                }
            }
        } else if weight.rank == 2, splits.test.images.channels == 1, weight.shape[1] == splits.test.images.pixelsPerImage {
            let (rows, columns) = (splits.test.images.rows, splits.test.images.columns)
            for o in 0..<min(weight.shape[0], 32) {
                cells.append(GridImage(values: weight.scalars[(o * rows * columns)..<((o + 1) * rows * columns)].map(Double.init),
                                       width: columns, height: rows, normalization: .diverging, caption: "unit \(o)"))
            }
        }
        return Figure(name: "first_layer",
                      chart: ImageGrid(title: "Layer \(index) (\(trainer.model.layers[index].typeName)) weights", images: cells,
                                       columns: 8),
                      caption: "Each cell is one unit's weights over the image: mid-gray is 0, light positive, dark negative. "
                      + "Trained first-layer units often look like strokes and edges."
                      + (weight.rank == 4 && weight.shape[1] > 1 ? " Convolution filters are shown on their first input channel only." : ""))
    }

    // MARK: - Activations and gradients

    /// Per layer, on the first 256 test images: its output, and dL/d(its output) for the mean
    /// cross-entropy of those images, in evaluation mode.
    func activationFigures(_ model: inout Sequential<Float>) throws -> [Figure] {
        let count = min(256, splits.test.count)
        let (features, labels) = splits.test.batch(Array(0..<count)[...])
        var context = ForwardContext.evaluation
        var x = features, caches: [Any] = [], outputs: [(title: String, values: [Double])] = []
        for i in model.layers.indices {
            let (y, cache) = try model.layers[i].forwardErasingCache(x, context: &context)
            caches.append(cache)
            outputs.append(("\(i) \(model.layers[i].typeName)", y.scalars.map(Double.init)))
            x = y
        }
        var gradient = try trainer.loss.lossAndGradient(x, target: labels).inputGradient
        var gradients: [(title: String, values: [Double])] = []
        for i in model.layers.indices.reversed() {
            gradients.insert(("\(i) \(model.layers[i].typeName)", gradient.scalars.map(Double.init)), at: 0)
            gradient = model.layers[i].backward(gradient, erasedCache: caches[i]).inputGradient
        }
        return [
            Figure(name: "activations", chart: HistogramPanels(title: "Layer outputs (\(count) test images)", panels: outputs,
                                                               xLabel: "value", sharedRange: false),
                   caption: "The values each layer hands on. Watch for layers that are all zero (dead ReLUs) or pinned at "
                   + "the ends of their range (saturation)."),
            Figure(name: "gradients", chart: HistogramPanels(title: "Gradients dL/d(layer output)", panels: gradients,
                                                             xLabel: "gradient", sharedRange: false),
                   caption: "The gradient arriving at each layer's output during backward. Vanishing gradients shrink "
                   + "towards the first layers; exploding ones grow."),
        ]
    }
}

/// A config value as a person reads it: `0.05`, `512,256`, `cosine`.
private func text(_ value: JSON) -> String {
    switch value {
    case .string(let string): return string
    case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    case .array(let values): return values.map(text).joined(separator: ",")
    default: return value.serialized(indent: nil)
    }
}

private func percent(_ fraction: Double) -> String { String(format: "%.2f%%", 100 * fraction) }
