import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTrain
import Backprop
import MLP
import NablaTestSupport

/// `--save` and `--resume`: a run stopped by Ctrl-C and resumed from its checkpoint ends with the
/// same weights, optimizer state and report as the run that was never stopped.
final class CheckpointTests: XCTestCase {
    func smallExperiment() throws -> (MLPExperiment, DataSplits<NormalizedImages>) {
        var experiment = MLPExperiment()
        experiment.hidden = [32]
        experiment.training.epochs = 3
        experiment.training.validationCount = 500
        let mnist = try MNIST.forTests { XCTSkip($0) }
        let small = (training: mnist.training.subset(Array(0..<3_000)), test: mnist.test.subset(Array(0..<1_000)))
        return (experiment, experiment.splits(of: small))
    }

    /// The settings' own cosine schedule, which also presses Ctrl-C as epoch `stopIn` begins.
    struct InterruptingSchedule: LearningRateSchedule {
        let schedule: any LearningRateSchedule
        let stopIn: Int

        func learningRate(epoch: Int) -> Double {
            if epoch == stopIn - 1 { Interruption.request() }
            return schedule.learningRate(epoch: epoch)
        }
    }

    func testAResumedRunEqualsTheRunThatWasNeverStopped() throws {
        let (experiment, splits) = try smallExperiment()
        let directory = try makeTemporaryDirectory(self)
        var whole = RunOutputs(), stopped = RunOutputs()
        whole.savePath = directory + "/whole.safetensors"
        stopped.savePath = directory + "/stopped.safetensors"
        let uninterrupted = try experiment.run(on: splits, threads: 2, printLines: false, outputs: whole)

        // The same run, stopped by Ctrl-C during epoch 3: its checkpoint holds epochs 1 and 2.
        let training = experiment.training
        let report = TrainingReport(chapter: "03-MLP", config: training.config.merging(["hidden": .array([.number(32)])]) { $1 },
                                    threads: 2, seed: training.seed)
        defer { Interruption.reset() }
        XCTAssertThrowsError(try training.train(experiment.makeModel(), loss: CrossEntropyLoss<Float>(), optimizer: training.makeSGD(),
                                                schedule: InterruptingSchedule(schedule: training.learningRateSchedule!, stopIn: 3),
                                                on: splits, threads: 2, report: report, printLines: false, outputs: stopped)) {
            XCTAssertTrue($0 is TrainingStopped, "\($0)")
        }
        Interruption.reset()
        XCTAssertEqual(try Checkpoint.read(from: stopped.savePath!).epochsTrained, 2)

        var resume = stopped
        resume.resumePath = stopped.savePath
        let resumed = try experiment.run(on: splits, threads: 1, printLines: false, outputs: resume)

        XCTAssertEqual(resumed.epochs.map(\.trainLoss), uninterrupted.epochs.map(\.trainLoss))
        XCTAssertEqual(resumed.epochs.map(\.trainAccuracy), uninterrupted.epochs.map(\.trainAccuracy))
        XCTAssertEqual(resumed.epochs.map(\.validationAccuracy), uninterrupted.epochs.map(\.validationAccuracy))
        XCTAssertEqual(resumed.epochs.map(\.testAccuracy), uninterrupted.epochs.map(\.testAccuracy))
        let a = try Checkpoint.read(from: whole.savePath!), b = try Checkpoint.read(from: stopped.savePath!)
        XCTAssertEqual(a.epochsTrained, 3)
        XCTAssertEqual(b.epochsTrained, 3)
        XCTAssertEqual(a.model.names, b.model.names)
        for name in a.model.names { XCTAssertEqual(bits(a.model[name]), bits(b.model[name]), name) }
        XCTAssertEqual(a.optimizerState.keys.sorted(), b.optimizerState.keys.sorted())
        XCTAssertFalse(a.optimizerState.isEmpty, "SGD with momentum keeps a buffer per parameter")
        for (key, state) in a.optimizerState {
            for (name, tensor) in state { XCTAssertEqual(bits(tensor), bits(b.optimizerState[key]![name]!), "\(key).\(name)") }
        }
        XCTAssertEqual(a.generator.savedState, b.generator.savedState)
    }

    func testResumingIntoAnotherModelOrWithOtherSettingsIsRefusedNamingTheDifference() throws {
        var (experiment, splits) = try smallExperiment()
        experiment.training.epochs = 1
        let directory = try makeTemporaryDirectory(self)
        var outputs = RunOutputs()
        outputs.savePath = directory + "/run.safetensors"
        _ = try experiment.run(on: splits, threads: 2, printLines: false, outputs: outputs)
        outputs.resumePath = outputs.savePath
        outputs.savePath = nil

        var wider = experiment
        wider.hidden = [48]
        assertThrows(try wider.run(on: splits, threads: 2, printLines: false, outputs: outputs),
                     mentioning: ["run.safetensors", "hidden [48], saved [32]", "only --epochs may change"])
        var otherRate = experiment
        otherRate.training.learningRate = 0.1
        assertThrows(try otherRate.run(on: splits, threads: 2, printLines: false, outputs: outputs),
                     mentioning: ["lr 0.1, saved 0.05"])

        // The same settings, another model: every tensor is checked by name and shape.
        var generator = RandomGenerator(seed: 0)
        var trainer = ClassifierTrainer(model: multilayerPerceptron(inputs: 784, hidden: [48], classes: 10, generator: &generator),
                                        loss: CrossEntropyLoss<Float>(), optimizer: SGD<Float>(learningRate: 0.1), batchSize: 8, seed: 1)
        assertThrows(try trainer.restore(try Checkpoint.read(from: outputs.resumePath!), file: "run.safetensors"),
                     mentioning: ["run.safetensors", "tensor '0.weight' is [32, 784] in the checkpoint, [48, 784] in this model"])
    }

    func testDamagedOrForeignFilesAreRefusedNamingTheFile() throws {
        let (experiment, splits) = try smallExperiment()
        var one = experiment
        one.training.epochs = 1
        let directory = try makeTemporaryDirectory(self)
        var outputs = RunOutputs()
        outputs.savePath = directory + "/run.safetensors"
        _ = try one.run(on: splits, threads: 2, printLines: false, outputs: outputs)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: outputs.savePath!)))

        let truncated = directory + "/truncated.safetensors"
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
        assertThrows(try Checkpoint.read(from: truncated), mentioning: ["truncated.safetensors", "not a valid safetensors file"])

        var weightsOnly = SafeTensors()
        weightsOnly.append("0.weight", shape: [1], floats: [1])
        let foreign = directory + "/foreign.safetensors"
        try Data(weightsOnly.encoded()).write(to: URL(fileURLWithPath: foreign))
        assertThrows(try Checkpoint.read(from: foreign), mentioning: ["foreign.safetensors", "not a Nabla checkpoint"])
        assertThrows(try Checkpoint.read(from: directory + "/absent.safetensors"), mentioning: ["absent.safetensors", "cannot be read"])
    }
}
