// Chapter 7: optimizers.
//
// (a) A race down Rosenbrock's curved valley from (−1.5, 2): SGD, momentum, Nesterov, AdaGrad,
//     RMSProp, Adam and AdamW, each at its best learning rate from a grid.
// (b) The same learning rates from random starts: which optimizers still arrive.
// (c) Learning-rate schedules, epoch by epoch.
// (d) --mnist: the same optimizers training chapter 3's perceptron on MNIST for one epoch.

import Foundation
import NablaCore
import NablaTrain
import Backprop
import Optimizers
import MLP  // chapter 3: cosine annealing, in the table of schedules

prepareTool("ch7-optimizers")
let spec = CommandSpec(
    name: "ch7-optimizers",
    overview: "Optimizers raced on Rosenbrock's valley; learning-rate schedules.",
    options: [
        .seed(),
        OptionSpec("steps", .int, help: "Steps of each race.", default: "2000"),
        OptionSpec("warmup", .int, help: "Linear learning-rate warmup over this many first steps (0: none).",
                   default: "0"),
        .flag("mnist", help: "Also compare the optimizers training an MLP on MNIST for one epoch."),
        .plotDirectory(help: "With --mnist: draw the optimizers' loss curves and accuracies (SVG, CSV, index.html) into this folder."),
        .dataDirectory(help: "MNIST directory for --mnist (else $MNIST_DIR, else the repository's Data/mnist, else the user cache; downloaded if missing)."),
        .dataset(),
        .quiet(),
    ])
let arguments = spec.parseOrExit()
let plotDirectory = spec.plotDirectory(arguments)
if plotDirectory != nil && !arguments.flag("mnist") { spec.exitWithUsageError("--plot-dir draws the MNIST runs: add --mnist.") }
if arguments.isGiven("dataset") && !arguments.flag("mnist") { spec.exitWithUsageError("--dataset chooses the data of the MNIST section: add --mnist.") }
let seed = arguments.uint64("seed") ?? 0
let steps = arguments.int("steps") ?? 2000
let warmup = arguments.int("warmup") ?? 0
if steps < 1 { spec.exitWithUsageError("--steps must be at least 1, got \(steps).") }
if warmup < 0 { spec.exitWithUsageError("--warmup must be 0 or more, got \(warmup).") }


/// An optimizer in the race, made fresh for a learning rate.
struct Racer {
    let name: String, settings: String
    let make: (Double) -> any Optimizer<Double>
}

let racers = [
    Racer(name: "SGD", settings: "") { SGD(learningRate: $0) },
    Racer(name: "SGD + momentum", settings: "μ 0.9") { SGD(learningRate: $0, momentum: 0.9) },
    Racer(name: "Nesterov", settings: "μ 0.9") { SGD(learningRate: $0, momentum: 0.9, nesterov: true) },
    Racer(name: "AdaGrad", settings: "") { AdaGrad(learningRate: $0) },
    Racer(name: "RMSProp", settings: "α 0.99") { RMSProp(learningRate: $0) },
    Racer(name: "Adam", settings: "β 0.9, 0.999") { Adam(learningRate: $0) },
    Racer(name: "AdamW", settings: "β 0.9, 0.999, λ 0.01") { AdamW(learningRate: $0, weightDecay: 0.01) },
]
let surface = Rosenbrock()
let start = SIMD2(-1.5, 2.0)
let startLoss = surface.value(at: Tensor<Double>(shape: [2], scalars: [start.x, start.y]))
let target = 1e-3
/// The learning rates tried: 1, 2 and 5 times the powers of ten from 1e-5 to 1.
let grid = (-5...0).flatMap { power in [1.0, 2, 5].map { $0 * pow(10, Double(power)) } }

/// One race; with --warmup, the learning rate first climbs linearly to `learningRate`.
@MainActor func run(_ racer: Racer, learningRate: Double, from point: SIMD2<Double> = start) -> RaceResult {
    race(racer.make(learningRate), on: surface, from: point, steps: steps,
         schedule: warmup > 0 ? LinearWarmup(initial: learningRate, steps: warmup) : nil)
}

func formatted(_ x: Double) -> String {
    if x == 0 { return "0" }
    return abs(x) >= 0.01 && abs(x) < 1000 ? String(format: "%.3f", x) : String(format: "%.1e", x)
}
func rate(_ x: Double) -> String { String(format: "%g", x) }
func row(_ cells: [String], _ widths: [Int]) -> String {
    zip(cells, widths).map { cell, width in
        width < 0 ? cell.padding(toLength: max(-width, cell.count), withPad: " ", startingAt: 0)
                  : String(repeating: " ", count: max(0, width - cell.count)) + cell
    }.joined(separator: "  ")
}

/// A learning rate that leaps across the valley can land near the minimum by luck; tuning only
/// counts the races whose loss never rose above its value at the start.
func wentDownhill(_ result: RaceResult) -> Bool { !result.diverged && result.losses.max()! <= result.losses[0] }

// (a) The race.
print("(a) Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum f(1, 1) = 0; \(steps) steps from (−1.5, 2), where f = \(rate(startLoss)).")
print("    Each optimizer at the learning rate lr of {1, 2, 5} × 10^k (1e-5 … 5) with the lowest final loss,")
print("    among those whose loss never rose above \(rate(startLoss))\(warmup > 0 ? "; every race warms up linearly over \(warmup) steps" : "").\n")
var tuned: [(racer: Racer, learningRate: Double, result: RaceResult)] = []
for racer in racers {
    let candidates = grid.map { ($0, run(racer, learningRate: $0)) }.filter { wentDownhill($0.1) }
    guard let best = candidates.min(by: { $0.1.finalLoss < $1.1.finalLoss }) else {
        print("    \(racer.name): no learning rate of the grid went downhill")
        continue
    }
    tuned.append((racer, best.0, best.1))
}
let widths = [-15, -20, 6, 11, 10, 12, 16]
print("    " + row(["optimizer", "settings", "lr", "final loss", "to (1, 1)", "path length", "steps to < 1e-3"], widths))
for (racer, learningRate, result) in tuned {
    print("    " + row([racer.name, racer.settings, rate(learningRate), formatted(result.finalLoss),
                      formatted(result.distanceToMinimum), formatted(result.pathLength),
                      result.steps(toReach: target).map(String.init) ?? "—"], widths))
}
let straightLine = ((start - surface.minimum) * (start - surface.minimum)).sum().squareRoot()
print("    Path length is the sum of the step lengths; the straight line to (1, 1) is \(formatted(straightLine)).")

// (b) Random starts.
let startCount = 20
var generator = RandomGenerator(seed: seed)
let starts = (0..<startCount).map { _ in SIMD2(generator.uniform(-2.0, 2.0), generator.uniform(-1.0, 3.0)) }
print("\n(b) The same learning rates from \(startCount) random starts in [−2, 2] × [−1, 3] (seed \(seed)).\n")
let robustWidths = [-15, 6, 16, 9, 18]
print("    " + row(["optimizer", "lr", "reached < 1e-3", "diverged", "median final loss"], robustWidths))
for (racer, learningRate, _) in tuned {
    let results = starts.map { run(racer, learningRate: learningRate, from: $0) }
    let finals = results.map { $0.diverged ? Double.infinity : $0.finalLoss }.sorted()
    let median = (finals[startCount / 2 - 1] + finals[startCount / 2]) / 2
    print("    " + row([racer.name, rate(learningRate), "\(results.filter { $0.steps(toReach: target) != nil }.count) / \(startCount)",
                      "\(results.filter(\.diverged).count)", median.isFinite ? formatted(median) : "∞"], robustWidths))
}

// (c) Schedules.
let epochs = 0...10
let schedules: [(String, any LearningRateSchedule)] = [
    ("StepDecay(0.1, every 3, γ 0.5)", StepDecay(initial: 0.1, stepSize: 3, gamma: 0.5)),
    ("CosineAnnealing(0.1, T 10)", CosineAnnealing(initial: 0.1, period: 10)),
    ("LinearWarmup(0.1, 4 steps)", LinearWarmup(initial: 0.1, steps: 4)),
]
let scheduleWidths = [-30] + epochs.map { _ in 6 }
print("\n(c) Learning-rate schedules, lr by epoch:\n")
print("    " + row(["epoch"] + epochs.map(String.init), scheduleWidths))
for (name, schedule) in schedules {
    print("    " + row([name] + epochs.map { String(format: "%.4f", schedule.learningRate(epoch: $0)) }, scheduleWidths))
}
if arguments.flag("mnist") {
    // The MNIST runs finish the step under way on Ctrl-C, then stop (exit 130).
    Interruption.install()
    do {
        try compareOptimizersOnMNIST(dataDirectory: arguments.string("data-dir"), dataset: arguments.dataset, seed: seed,
                                     plotDirectory: plotDirectory)
    } catch {
        exitAfterError(error)
    }
} else {
    print("\n(d) The optimizers on MNIST: ch7-optimizers --mnist")
}
