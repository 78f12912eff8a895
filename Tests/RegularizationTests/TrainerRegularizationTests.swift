import XCTest
import NablaCore
import NablaTrain
import Backprop
import Regularization

/// The trainer's hooks for this chapter: a weight penalty and a batch augmentation.
final class TrainerRegularizationTests: XCTestCase {
    func trainer(_ optimizer: SGD<Float>, bias: Bool = false, batchNorm: Bool = false) -> ClassifierTrainer {
        var generator = RandomGenerator(seed: 1)
        var layers: [any Layer<Float>] = [Linear<Float>(inputFeatures: 64, outputFeatures: 16, bias: bias, generator: &generator)]
        if batchNorm { layers.append(BatchNorm1D<Float>(featureCount: 16)) }
        layers += [ReLU<Float>(), Linear<Float>(inputFeatures: 16, outputFeatures: 2, bias: bias, generator: &generator)]
        return ClassifierTrainer(model: Sequential(layers), loss: CrossEntropyLoss<Float>(), optimizer: optimizer,
                                 batchSize: 32, seed: 2)
    }

    func epoch(_ trainer: inout ClassifierTrainer, data: TinyImages = TinyImages(count: 256, seed: 3)) throws {
        var progress = ProgressDisplay(total: data.count, label: "", enabled: false)
        _ = try trainer.trainEpoch(on: data, progress: &progress)
    }

    /// Training with the L2 penalty equals training with SGD's weight_decay, bit for bit (the
    /// model has only weight matrices, which is all the penalty touches).
    func testTheL2PenaltyInTheTrainerIsSGDWeightDecay() throws {
        var penalised = trainer(SGD(learningRate: 0.1, momentum: 0.9))
        penalised.weightPenalty = L2Penalty(strength: 0.01)
        var decayed = trainer(SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01))
        var plain = trainer(SGD(learningRate: 0.1, momentum: 0.9))
        for _ in 0..<2 {
            try epoch(&penalised)
            try epoch(&decayed)
            try epoch(&plain)
        }
        XCTAssertEqual(penalised.model.parameters, decayed.model.parameters)
        XCTAssertNotEqual(penalised.model.parameters, plain.model.parameters)
    }

    /// Biases and batch-norm parameters are not penalised: after one step on one batch, they are
    /// exactly what they are without the penalty, while every weight matrix differs.
    func testThePenaltySkipsBiasesAndNormalisationParameters() throws {
        let oneBatch = TinyImages(count: 32, seed: 3)
        var penalised = trainer(SGD(learningRate: 0.05), bias: true, batchNorm: true)
        penalised.weightPenalty = L1Penalty(strength: 0.5)
        var plain = trainer(SGD(learningRate: 0.05), bias: true, batchNorm: true)
        try epoch(&penalised, data: oneBatch)
        try epoch(&plain, data: oneBatch)
        let names = penalised.model.parameters.names
        XCTAssertEqual(names, ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"])
        for name in names {
            let tensor = penalised.model.parameters[name]
            if tensor.rank >= 2 {
                XCTAssertNotEqual(tensor, plain.model.parameters[name], name)
            } else {
                XCTAssertEqual(tensor, plain.model.parameters[name], name)
            }
        }
    }

    /// A strong L1 penalty drives most weights to (nearly) zero: a sparse network.
    func testAStrongL1PenaltyMakesTheWeightsSparse() throws {
        var penalised = trainer(SGD(learningRate: 0.05))
        penalised.weightPenalty = L1Penalty(strength: 0.02)
        var plain = trainer(SGD(learningRate: 0.05))
        for _ in 0..<10 {
            try epoch(&penalised)
            try epoch(&plain)
        }
        let sparse = fractionNearZero(penalised.model.parameters, threshold: 1e-2)
        let dense = fractionNearZero(plain.model.parameters, threshold: 1e-2)
        XCTAssertGreaterThan(sparse, 0.5)
        XCTAssertLessThan(dense, 0.2)
    }

    /// The augmentation runs on training batches only, and is seeded: two runs agree, and differ
    /// from a run without it.
    func testAugmentationIsSeededAndChangesTraining() throws {
        func run(shift: Int?) throws -> Parameters<Float> {
            var t = trainer(SGD(learningRate: 0.1))
            if let shift { t.augmentation = RandomShift(maximumShift: shift, height: 8, width: 8, background: -1) }
            try epoch(&t)
            return t.model.parameters
        }
        XCTAssertEqual(try run(shift: 1), try run(shift: 1))
        XCTAssertNotEqual(try run(shift: 1), try run(shift: nil))
        XCTAssertEqual(try run(shift: 0), try run(shift: nil), "a shift of 0 changes nothing")
    }
}
