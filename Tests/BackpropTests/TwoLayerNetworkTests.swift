import XCTest
import NablaCore
import Backprop
import NablaTestSupport

final class TwoLayerNetworkTests: XCTestCase {
    private func smallBatch(seed: UInt64) -> (TwoLayerNetwork<Double>, Tensor<Double>, [Int]) {
        var generator = RandomGenerator(seed: seed)
        let network = TwoLayerNetwork<Double>(inputs: 3, hidden: 5, classes: 3, generator: &generator)
        let x = Tensor<Double>.normal(shape: [4, 3], generator: &generator)
        let labels = (0..<4).map { _ in generator.int(below: 3) }
        return (network, x, labels)
    }

    func testHandBackwardMatchesFiniteDifferencesAndLibraryLayers() throws {
        for seed: UInt64 in 0..<5 {
            let (network, x, labels) = smallBatch(seed: seed)
            let check = try network.checkGradients(x, labels: labels)
            XCTAssertGreaterThan(check.nearestKink, 1e-3, "seed \(seed): a ReLU input is too close to 0 for finite differences")
            XCTAssertEqual(check.lossByHand, check.lossByLibrary, accuracy: 1e-12, "seed \(seed)")
            XCTAssertEqual(check.parameters.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias"])
            for parameter in check.parameters {
                XCTAssertLessThan(parameter.errorVersusNumerical, 1e-6, "seed \(seed), \(parameter.name)")
                XCTAssertLessThan(parameter.errorVersusLibrary, 1e-12, "seed \(seed), \(parameter.name)")
            }
        }
    }

    func testForwardOnAHandExample() {
        var generator = RandomGenerator(seed: 0)
        var network = TwoLayerNetwork<Double>(inputs: 2, hidden: 2, classes: 2, generator: &generator)
        network.parameters["0.weight"] = matrix([[1, 0], [0, -1]])
        network.parameters["0.bias"] = vector([0, 0.5])
        network.parameters["2.weight"] = matrix([[1, 1], [-1, 2]])
        network.parameters["2.bias"] = vector([0, 0])
        let forward = network.forward(matrix([[2, 1]]), labels: [1])
        // z1 = [2, −0.5], h = [2, 0], s = [2, −2], L = −log softmax(s)[1] = log(1 + e⁴)
        assertClose(forward.z1, [2, -0.5])
        assertClose(forward.h, [2, 0])
        assertClose(forward.s, [2, -2])
        assertClose([forward.loss], [log(1 + exp(4.0))])
        let gradients = network.backward(forward)
        // ds = p − onehot(1) = [p0, −p0]; dh = ds W2 = [2 p0, −p0]; the dead unit (z1 < 0) passes nothing
        let p0 = 1 / (1 + exp(-4.0))
        assertClose(gradients["2.bias"], [p0, -p0])
        assertClose(gradients["2.weight"], [2 * p0, 0, -2 * p0, 0])
        assertClose(gradients["0.bias"], [2 * p0, 0])
        assertClose(gradients["0.weight"], [4 * p0, 2 * p0, 0, 0])
    }

    func testZeroWeightsGiveLossLogC() {
        var generator = RandomGenerator(seed: 1)
        var network = TwoLayerNetwork<Double>(inputs: 3, hidden: 4, classes: 5, generator: &generator)
        for name in network.parameters.names {
            network.parameters[name] = Tensor(zeros: network.parameters[name].shape)
        }
        let x = Tensor<Double>.normal(shape: [6, 3], generator: &generator)
        assertClose([network.forward(x, labels: [0, 1, 2, 3, 4, 0]).loss], [log(5.0)])
    }
}
