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

    /// A weight large enough that the update is shared among threads: every element is the
    /// formula's, computed one element at a time below, on 1 and on 2 threads, for two steps
    /// (the first sets the momentum buffer, the second uses it) with Nesterov and weight decay.
    func testSGDOnManyElementsIsTheFormulaOnAnyThreadCount() {
        let count = 3 * 65_536 + 5
        var generator = RandomGenerator(seed: 4)
        let start = Tensor<Float>(shape: [count], element: { _ in Float(generator.normal()) })
        let gradients = (0..<2).map { _ in Tensor<Float>(shape: [count], element: { _ in Float(generator.normal()) }) }
        let (rate, mu, decay): (Float, Float, Float) = (0.1, 0.9, 0.01)
        var theta = start.scalars, b = [Float](repeating: 0, count: count)
        for (step, gradient) in gradients.enumerated() {
            for i in 0..<count {
                var g = gradient.scalars[i] + decay * theta[i]
                b[i] = step == 0 ? g : mu * b[i] + 1 * g
                g = g + mu * b[i]
                theta[i] -= rate * g
            }
        }
        let saved = ComputeThreads.count
        defer { ComputeThreads.count = saved }
        for threads in [1, 2] {
            ComputeThreads.count = threads
            var optimizer = SGD<Float>(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true)
            var parameter = start
            for gradient in gradients { optimizer.update(&parameter, gradient: gradient, key: "w") }
            XCTAssertEqual(parameter.scalars, theta, "\(threads) threads")
        }
    }
}
