import Foundation
import NablaTrain

/// An ablation study: train the full recipe, then the same model with one regulariser removed at
/// a time, and finally with none; what a component is worth is what removing it costs.
public struct AblationStudy: Sendable {
    public var experiment: RegularizationExperiment

    public init(experiment: RegularizationExperiment) { self.experiment = experiment }

    /// The rows: the full recipe, each component removed, L1 in place of L2, early stopping alone,
    /// and nothing.
    public var rows: [(name: String, recipe: RegularizationRecipe)] {
        let full = experiment.recipe
        var rows = [(name: "full recipe", recipe: full)]
        func without(_ name: String, _ change: (inout RegularizationRecipe) -> Void) {
            var recipe = full
            change(&recipe)
            if recipe != full { rows.append((name, recipe)) }
        }
        without("− dropout") { $0.dropout = 0 }
        without("− batch norm") { $0.batchNorm = false }
        without("− L2 weight decay") { $0.weightDecay = 0 }
        without("− augmentation") { $0.maximumShift = 0 }
        without("− early stopping") { $0.earlyStoppingPatience = nil }
        without("L1 instead of L2") { $0.l1 = 1e-4; $0.weightDecay = 0 }
        var stoppingOnly = RegularizationRecipe.none
        stoppingOnly.earlyStoppingPatience = full.earlyStoppingPatience ?? RegularizationRecipe().earlyStoppingPatience
        rows.append(("early stopping only", stoppingOnly))
        rows.append(("nothing (chapter 3's MLP)", .none))
        return rows
    }

    /// Trains every row, printing each row of the table as it finishes.
    public func run(on splits: DataSplits<NormalizedImages>, threads: Int) throws -> [(name: String, result: RegularizationResult)] {
        print(Self.header)
        var results: [(name: String, result: RegularizationResult)] = []
        for (name, recipe) in rows {
            var run = experiment
            run.recipe = recipe
            let result = try run.run(on: splits, threads: threads, label: name)
            print(Self.line(name, result, maximumEpochs: experiment.maximumEpochs))
            flushOutput()
            results.append((name, result))
        }
        return results
    }

    public static let header = "model                          train     val    test   gap   epochs  kept  |w|<1e-3   time"

    /// `− dropout                       100.00   94.10   93.87   6.1   24/60    14     0.3%     9.1 s`
    public static func line(_ name: String, _ result: RegularizationResult, maximumEpochs: Int) -> String {
        name.padding(toLength: 29, withPad: " ", startingAt: 0)
            + String(format: "  %6.2f  %6.2f  %6.2f  %4.1f  %3d/%-3d  %4d  %6.1f%%  %5.1f s", 100 * result.trainAccuracy,
                     100 * result.validationAccuracy, 100 * result.testAccuracy, 100 * result.gap, result.epochsRun,
                     maximumEpochs, result.keptEpoch, 100 * result.weightsNearZero, result.seconds)
    }
}
