import Foundation
import NablaCore
import NablaPlot

// `--find-lr` and `--sanity`: what a training executable runs instead of training, printed (and
// for the range test, drawn) the same way in every chapter.

extension TrainingSettings {
    /// Runs the check `outputs` asks for (`--find-lr` or `--sanity`) instead of training: a
    /// trainer like `train`'s (same model, loss, optimizer at `learningRate`, batches and seed)
    /// goes through `LearningRateRangeTest` or `SanityChecks` on the training split, and the
    /// results are printed. Returns false when a sanity check failed.
    public func runDiagnostic(_ model: Sequential<Float>, loss: any Loss<Float>, optimizer: any Optimizer<Float>,
                              on splits: DataSplits<NormalizedImages>, threads: Int, outputs: RunOutputs) throws -> Bool {
        ComputeThreads.count = threads
        var optimizer = optimizer
        optimizer.learningRate = learningRate
        let trainer = ClassifierTrainer(model: model, loss: loss, optimizer: optimizer, batchSize: batchSize, seed: seed &+ 1)
        if outputs.sanityChecks {
            print("sanity checks (Karpathy, \"A Recipe for Training Neural Networks\"):")
            let checks = try SanityChecks().run(trainer, on: splits.training, showProgress: outputs.showsProgress)
            for check in checks { print("  \(check)") }
            let passed = checks.allSatisfy(\.passed)
            print(passed ? "all checks passed" : "\(checks.filter { !$0.passed }.count) of \(checks.count) checks failed")
            return passed
        }
        let test = LearningRateRangeTest()
        print("learning-rate range test: \(test.steps) steps of \(batchSize) from \(String(format: "%g", test.startRate)) "
              + "to \(String(format: "%g", test.endRate)) (Smith 2017; fast.ai's lr_find)")
        let result = try test.run(trainer, on: splits.training, showProgress: outputs.showsProgress)
        print(result.table())
        print("stopped: \(result.ending)")
        if let minimum = result.minimum, let suggested = result.suggestedRate {
            print(String(format: "lowest smoothed loss %.4f at rate %.3g; suggested learning rate %.3g (a tenth of it; --lr is now %g)",
                         minimum.smoothedLoss, minimum.learningRate, suggested, learningRate))
        }
        if let directory = outputs.plotDirectory {
            let page = HTMLReport(title: "Learning-rate range test", summary: "\(splits.training.count) training images, "
                                  + "batches of \(batchSize), \(threads) threads, seed \(seed).",
                                  results: [("suggested rate", result.suggestedRate.map { String(format: "%.3g", $0) } ?? "none"),
                                            ("stopped", result.ending)],
                                  figures: [result.figure])
            let files = try PlotDirectory.write(page, to: directory)
            print("plot written to \(directory) (\(files.count) files; open \(directory)/index.html)")
        } else {
            print("add --plot-dir DIR to draw the loss against the rate")
        }
        return true
    }
}

extension LearningRateRangeTest.Result {
    /// About a dozen rows of the test, evenly spaced in steps, and its last: rate, loss, smoothed loss.
    func table() -> String {
        let every = max(1, points.count / 12)
        let rows = points.indices.filter { $0 % every == 0 || $0 == points.count - 1 }.map { points[$0] }
        return (["        rate      loss  smoothed"] + rows.map {
            String(format: "%12.3g  %8.4f  %8.4f", $0.learningRate, $0.loss, $0.smoothedLoss)
        }).joined(separator: "\n")
    }

    /// The loss (faint) and its smoothed curve against the rate on a log axis, with the
    /// suggested rate marked.
    var figure: Figure {
        let rates = points.map(\.learningRate)
        var series = [LineChart.Series(name: "loss", x: rates, y: points.map(\.loss)),
                      LineChart.Series(name: "smoothed", x: rates, y: points.map(\.smoothedLoss))]
        if let suggested = suggestedRate, let low = points.map(\.loss).min(), let high = points.map(\.loss).max() {
            series.append(.init(name: String(format: "suggested %.3g", suggested), x: [suggested, suggested], y: [low, high]))
        }
        return Figure(name: "lr_find",
                      chart: LineChart(title: "Learning-rate range test", xLabel: "learning rate",
                                       yLabel: "training loss (nats)", series: series, xScale: .logarithmic,
                                       yScale: .logarithmic),
                      caption: "Each step trains one batch at a rate raised exponentially. Where the smoothed loss falls "
                      + "fastest the rate is useful; past its minimum the steps overshoot. The mark is a tenth of the "
                      + "rate at the minimum (fast.ai's rule).")
    }
}
