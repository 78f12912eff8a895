import XCTest
import NablaCore
import NablaTrain
import MLP

final class MultilayerPerceptronTests: XCTestCase {
    func testLayersAndParameterCount() throws {
        var generator = RandomGenerator(seed: 0)
        var model: Sequential<Float> = multilayerPerceptron(inputs: 784, hidden: [512, 256], classes: 10, generator: &generator)
        XCTAssertEqual(model.layers.count, 5)
        // (784·512 + 512) + (512·256 + 256) + (256·10 + 10)
        XCTAssertEqual(model.parameters.scalarCount, 535_818)
        XCTAssertEqual(model.parameters.names, ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        XCTAssertEqual(try model(Tensor(zeros: [3, 784])).shape, [3, 10])
        XCTAssertEqual(describeWidths(inputs: 784, hidden: [512, 256], classes: 10), "784-512-256-10")
    }
}
