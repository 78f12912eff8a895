import XCTest
import NablaCore
import Backprop
import NablaTestSupport

final class TrainingTests: XCTestCase {
    func testSGDLowersTheLossOfTheHandWrittenNetworkOnTheSpiral() {
        var generator = RandomGenerator(seed: 0)
        let (x, labels): (Tensor<Float>, [Int]) = ToyData.spiral(pointsPerClass: 50, classes: 3, generator: &generator)
        var network = TwoLayerNetwork<Float>(inputs: 2, hidden: 32, classes: 3, generator: &generator)
        var optimizer = SGD<Float>(learningRate: 0.5, momentum: 0.9)
        let initialLoss = network.forward(x, labels: labels).loss
        for _ in 0..<100 {
            let forward = network.forward(x, labels: labels)
            optimizer.update(&network.parameters, gradients: network.backward(forward))
        }
        let final = network.forward(x, labels: labels)
        let accuracy = Double(zip(final.predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
        XCTAssertLessThan(final.loss, initialLoss / 3, "loss \(initialLoss) → \(final.loss)")
        XCTAssertGreaterThan(accuracy, 0.8)
    }

    func testSGDLowersTheLossOfTheLibraryLayersOnTheSpiral() throws {
        var generator = RandomGenerator(seed: 3)
        let (x, labels): (Tensor<Float>, [Int]) = ToyData.spiral(pointsPerClass: 50, classes: 3, generator: &generator)
        let target = Tensor<Float>(shape: [labels.count], scalars: labels.map(Float.init))
        var model = Sequential<Float>([Linear(inputFeatures: 2, outputFeatures: 32, generator: &generator), ReLU(),
                                       Linear(inputFeatures: 32, outputFeatures: 3, generator: &generator)])
        let lossFunction = CrossEntropyLoss<Float>()
        var optimizer = SGD<Float>(learningRate: 0.5, momentum: 0.9)
        var context = ForwardContext.training(seed: 0)
        var losses: [Float] = []
        for _ in 0..<100 {
            let (scores, cache) = try model.forward(x, context: &context)
            let (loss, scoresGradient) = try lossFunction.lossAndGradient(scores, target: target)
            losses.append(loss)
            optimizer.update(&model.parameters, gradients: model.backward(scoresGradient, cache: cache).parameterGradients)
        }
        XCTAssertLessThan(losses.last!, losses.first! / 3, "loss \(losses.first!) → \(losses.last!)")
    }

    func testSpiralHasTheRequestedShapeAndBalancedLabels() {
        var generator = RandomGenerator(seed: 0)
        let (x, labels): (Tensor<Double>, [Int]) = ToyData.spiral(pointsPerClass: 10, classes: 4, generator: &generator)
        XCTAssertEqual(x.shape, [40, 2])
        XCTAssertEqual((0..<4).map { c in labels.filter { $0 == c }.count }, [10, 10, 10, 10])
        XCTAssert(x.scalars.allSatisfy { abs($0) <= 1 })
    }

    func testSGDStepsByHand() {
        var plain = SGD<Double>(learningRate: 0.1)
        var theta = vector([1, 2])
        let gradient = vector([0.5, -1])
        // θ ← θ − η g
        plain.update(&theta, gradient: gradient, key: "w")
        assertClose(theta, [0.95, 2.1])

        var momentum = SGD<Double>(learningRate: 0.1, momentum: 0.9)
        theta = vector([1, 2])
        momentum.update(&theta, gradient: gradient, key: "w")
        // second step: b = 0.9 g + g = 1.9 g, θ ← θ − 0.1 · 1.9 g
        momentum.update(&theta, gradient: gradient, key: "w")
        assertClose(theta, [1 - 0.05 - 0.095, 2 + 0.1 + 0.19])
    }
}
