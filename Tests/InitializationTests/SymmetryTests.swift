import XCTest
import NablaCore
import NablaTrain
import Backprop
import Initialization

/// The symmetry problem: when every unit of a layer starts equal, every unit gets the same
/// gradient, and gradient descent never tells them apart. Trained here on real gradients
/// (backpropagation through the network on a data set), with SGD and momentum.
final class SymmetryTests: XCTestCase {
    let depth = 3, width = 16

    /// A tanh or ReLU network 20 → 3 × [16] → 3 from `scheme`, before and after 3 epochs of 8 steps.
    func trained(_ activation: HiddenActivation, _ scheme: Initializer) throws -> (before: DeepNetwork, after: DeepNetwork, accuracy: Double) {
        var generator = RandomGenerator(seed: 11)
        let before = DeepNetwork(activation: activation, inputs: 20, width: width, depth: depth, classes: 3,
                                 scheme: scheme, generator: &generator)
        var trainer = ClassifierTrainer(model: before.model, loss: CrossEntropyLoss<Float>(),
                                        optimizer: SGD<Float>(learningRate: 0.05, momentum: 0.9), batchSize: 64, seed: 12)
        var progress = ProgressDisplay(total: 0, label: "", enabled: false)
        let data = GaussianBlobs(count: 512, seed: 13, separation: 1.5)
        for _ in 0..<3 { _ = try trainer.trainEpoch(on: data, progress: &progress) }
        var after = before
        after.model = trainer.model
        return (before, after, try trainer.accuracy(on: GaussianBlobs(count: 300, seed: 14, separation: 1.5)))
    }

    func assertHiddenUnitsIdentical(_ network: DeepNetwork, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        for l in 0..<depth {
            let weight = network.weight(ofHiddenLayer: l), bias = network.bias(ofHiddenLayer: l)
            let fanIn = weight.shape[1], first = Array(weight.scalars[0..<fanIn])
            for unit in 1..<width {
                XCTAssertEqual(Array(weight.scalars[(unit * fanIn)..<((unit + 1) * fanIn)]), first,
                               "\(label): layer \(l + 1) unit \(unit + 1) differs from unit 1", file: file, line: line)
                XCTAssertEqual(bias.scalars[unit], bias.scalars[0], "\(label): layer \(l + 1) bias", file: file, line: line)
            }
            XCTAssertEqual(distinctUnitCount(weight: weight, bias: bias), 1, file: file, line: line)
        }
    }

    func testConstantInitialisationKeepsEveryHiddenUnitIdentical() throws {
        for activation in HiddenActivation.allCases {
            let (before, after, _) = try trained(activation, .constant(0.1))
            assertHiddenUnitsIdentical(after, "\(activation.name), constant 0.1")
            for l in 0..<depth {
                XCTAssertNotEqual(after.weight(ofHiddenLayer: l), before.weight(ofHiddenLayer: l),
                                  "\(activation.name) layer \(l + 1) must have learned: the units changed, together")
            }
        }
    }

    /// With zero weights every hidden output is 0 (tanh(0) = relu(0) = 0), so no hidden weight
    /// gets any gradient; only the output layer's bias learns (the class frequencies).
    func testZeroInitialisationLeavesHiddenLayersAtZero() throws {
        for activation in HiddenActivation.allCases {
            let (before, after, _) = try trained(activation, .zero)
            assertHiddenUnitsIdentical(after, "\(activation.name), zero")
            for l in 0..<depth {
                XCTAssert(after.weight(ofHiddenLayer: l).scalars.allSatisfy { $0 == 0 }, "\(activation.name) layer \(l + 1)")
            }
            let outputBias = "\(2 * depth).bias"
            XCTAssertNotEqual(after.model.parameters[outputBias], before.model.parameters[outputBias],
                              "the output bias gets p − y and learns")
        }
    }

    func testRandomInitialisationBreaksTheSymmetry() throws {
        for activation in HiddenActivation.allCases {
            let (_, after, accuracy) = try trained(activation, .xavierNormal())
            for l in 0..<depth {
                XCTAssertEqual(distinctUnitCount(weight: after.weight(ofHiddenLayer: l), bias: after.bias(ofHiddenLayer: l)), width,
                               "\(activation.name) layer \(l + 1)")
            }
            // Three classes whose centres are 1.5 apart in 6 or 7 of 20 coordinates are easy to tell apart.
            XCTAssertGreaterThan(accuracy, 0.9, "\(activation.name): training must work")
        }
    }
}
