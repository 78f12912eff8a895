import Foundation
import NablaPlot

/// The report of a fake LeNet-5 run on MNIST, with every kind of figure the chapters draw:
/// learning curves over 12 epochs × 430 steps, accuracies, a learning-rate range test,
/// update-to-weight ratios with the 1e-3 guide, activation histograms of 5 layers, a 10 × 10
/// confusion matrix, accuracy per class, 6 first-layer filters and 16 misclassified digits.
func demoReport() -> HTMLReport {
    var random = FakeRandom(state: 42)
    let stepsPerEpoch = 430, epochs = 12
    let layers = ["conv1", "conv2", "fc1", "fc2", "fc3"]
    var report = HTMLReport(title: "ch4-cnn: LeNet-5 on MNIST",
                            summary: "A fake run with realistic numbers, to see every chart the chapters draw.")
    report.settings = [("model", "LeNet-5"), ("epochs", "\(epochs)"), ("batch size", "128"), ("optimizer", "SGD, momentum 0.9"),
                       ("learning rate", "0.05, cosine annealing"), ("weight decay", "5e-4"), ("seed", "42"), ("threads", "2")]
    report.results = [("test accuracy", "99.12%"), ("final training loss", "0.021"), ("best validation accuracy", "99.20% (epoch 11)"),
                      ("time", "31.4 s"), ("images per second", "23.6k")]

    let steps = (0..<stepsPerEpoch * epochs).map(Double.init)
    var stepLosses = steps.map { step in
        (0.02 + 2.25 * exp(-step / 250) + 0.2 * exp(-step / 1800)) * exp(0.35 * random.normal())
    }
    stepLosses[3000] = .nan
    let epochsAxis = (1...epochs).map(Double.init)
    let validationLosses = epochsAxis.map { 0.028 + 0.25 * exp(-$0 / 1.5) + 0.0015 * $0 }
    report.figures.append(Figure(name: "loss", chart: LineChart(
        title: "Loss", xLabel: "epoch", yLabel: "cross-entropy (nats)",
        series: [.init(name: "train (per step)", x: steps.map { ($0 + 1) / Double(stepsPerEpoch) }, y: stepLosses,
                       movingAverageWindow: 43),
                 .init(name: "validation (per epoch)", x: epochsAxis, y: validationLosses)]),
        caption: "Training loss of every step, faint, under its mean over the last 43 steps (a tenth of an epoch)."))

    let accuracy = { (top: Double, speed: Double) in epochsAxis.map { top - (top - 90) * exp(-$0 / speed) } }
    report.figures.append(Figure(name: "accuracy", chart: LineChart(
        title: "Accuracy", xLabel: "epoch", yLabel: "accuracy (%)",
        series: [.init(name: "train", x: epochsAxis, y: accuracy(99.8, 2.5)), .init(name: "validation", x: epochsAxis, y: accuracy(99.2, 2)),
                 .init(name: "test", x: epochsAxis, y: accuracy(99.12, 2))]),
        caption: "Accuracy after each epoch."))

    let rates = (0..<100).map { pow(10, -6 + 7 * Double($0) / 99) }
    let rangeLosses = rates.map { rate in
        rate > 3 ? Double.infinity : 2.3 - 1.6 / (1 + exp(-2.5 * (log10(rate) + 3))) + 4 * max(0, log10(rate) + 0.3)
            + 0.03 * random.normal()
    }
    report.figures.append(Figure(name: "lr-range-test", chart: LineChart(
        title: "Learning-rate range test", xLabel: "learning rate", yLabel: "loss (nats)",
        series: [.init(name: "loss after one batch per rate", x: rates, y: rangeLosses)], xScale: .logarithmic),
        caption: "One batch per rate, each rate 18% larger than the last; the loss falls fastest around 1e-2."))

    let sampled = stride(from: 0, to: stepsPerEpoch * epochs, by: 43).map(Double.init)
    let ratioSeries = layers.enumerated().map { index, layer in
        LineChart.Series(name: layer, x: sampled.map { $0 / Double(stepsPerEpoch) }, y: sampled.map { step in
            3e-3 * pow(0.6, Double(index)) * (0.2 + 0.8 * (1 + cos(Double.pi * step / 5160)) / 2) * exp(0.2 * random.normal())
        })
    }
    report.figures.append(Figure(name: "update-ratio", chart: LineChart(
        title: "Update size / weight size", xLabel: "epoch", yLabel: "‖Δw‖ / ‖w‖", series: ratioSeries, yScale: .logarithmic,
        guides: [.init(y: 1e-3, label: "1e-3: a common rule of thumb")]),
        caption: "How far each layer's weights move per step, relative to their size."))

    let activations = layers.enumerated().map { index, layer in
        (title: "activations of \(layer)", values: (0..<4000).map { _ in tanh(random.normal() * pow(0.55, Double(index))) })
    }
    report.figures.append(Figure(name: "activations", chart: HistogramPanels(
        title: "Activations after the last epoch", panels: activations, xLabel: "activation (tanh)", binCount: 40),
        caption: "One panel per layer, one shared x axis: the distributions narrow with depth."))

    let confusion = fakeConfusion(&random)
    let matrix = ConfusionMatrixChart(title: "Confusion matrix (test set)", classNames: (0...9).map(String.init), counts: confusion)
    report.figures.append(Figure(name: "confusion", chart: matrix,
                                 caption: "Rows: the true digit; columns: the predicted one. 4 is taken for 9 most often."))
    report.figures.append(Figure(name: "errors-per-class", chart: BarChart(
        title: "Test errors per digit", labels: (0...9).map(String.init),
        values: matrix.accuracyPerClass.map { 100 * (1 - ($0 ?? .nan)) }, xLabel: "true digit", yLabel: "error (%)"),
        caption: "The share of each digit's test images the model got wrong."))

    let filters = (0..<6).map { index in
        GridImage(values: (0..<25).map { pixel in
            let (x, y) = (Double(pixel % 5) - 2, Double(pixel / 5) - 2)
            let angle = Double(index) * Double.pi / 6
            return (x * cos(angle) + y * sin(angle)) * 0.3 * exp(-(x * x + y * y) / 8) + 0.04 * random.normal()
        }, width: 5, height: 5, normalization: .diverging, caption: "filter \(index + 1)")
    }
    report.figures.append(Figure(name: "filters", chart: ImageGrid(title: "conv1 filters (5 × 5)", images: filters, columns: 6),
                                 caption: "Mid-gray is 0, black the most negative weight, white the most positive."))

    let mistakes = (0..<16).map { index -> GridImage in
        let truth = [4, 9, 7, 2, 3, 5, 8, 6][index % 8], predicted = [9, 4, 2, 7, 5, 3, 3, 0][index % 8]
        let probability = 0.99 - Double(index) * 0.03
        return GridImage(bytes: fakeDigit(truth, seed: UInt64(index) + 7), width: 28, height: 28,
                         caption: String(format: "pred %d (p %.2f)\ntrue %d", predicted, probability, truth))
    }
    report.figures.append(Figure(name: "top-losses", chart: ImageGrid(title: "Misclassified test digits, highest loss first",
                                                                        images: mistakes, columns: 8),
                                 caption: "The 16 test images with the highest loss, each with what the model said and what is true."))

    report.textBlocks = [(title: "Model", text: """
        layer        output shape     parameters
        conv1        [6, 28, 28]             156
        pool1        [6, 14, 14]               0
        conv2        [16, 10, 10]          2,416
        pool2        [16, 5, 5]                0
        fc1          [120]                48,120
        fc2          [84]                 10,164
        fc3          [10]                    850
        total                             61,706
        """)]
    return report
}

/// A 10 × 10 confusion matrix of about 10,000 test digits at 99.1% accuracy, the usual mistakes
/// (4 for 9, 7 for 2, 3 for 5) more common than the rest.
private func fakeConfusion(_ random: inout FakeRandom) -> [[Int]] {
    let classSizes = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    let usual: [Int: Int] = [4: 9, 9: 4, 7: 2, 2: 7, 3: 5, 5: 3, 8: 3, 6: 0]
    return classSizes.enumerated().map { truth, size in
        var row = Array(repeating: 0, count: 10)
        for _ in 0..<size {
            let draw = random.uniform()
            if draw > 0.009 {
                row[truth] += 1
            } else if draw > 0.004, let common = usual[truth] {
                row[common] += 1
            } else {
                row[(truth + 1 + Int(random.uniform() * 9)) % 10] += 1
            }
        }
        return row
    }
}
