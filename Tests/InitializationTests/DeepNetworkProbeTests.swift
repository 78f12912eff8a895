import XCTest
import NablaCore
import Initialization

/// What theory says a fresh deep network does to its input, checked on Gaussian inputs.
///
/// For a layer z = h Wᵀ with independent weights of variance v and n inputs, E[z²] = n·v·E[h²].
/// A ReLU keeps half of the second moment (z is symmetric), E[relu(z)²] = E[z²]/2, so from one ReLU
/// layer to the next the second moment q = E[a²] is multiplied by n·v/2: by 1 under Kaiming
/// (v = 2/n), by 1/2 under Xavier with equal fans (v = 1/n). The spread around that comes from the
/// finite width: each layer's ratio is an average over n units, off by about √(2/n) (4.4% for
/// n = 1024), so over 9 layers the product is off by about √9 · 4.4% ≈ 13%. A factor of 2 either
/// way (ln 2 = 0.69) is more than 5 of those.
final class DeepNetworkProbeTests: XCTestCase {
    func gaussianBatch(count: Int, features: Int, seed: UInt64 = 21) -> (Tensor<Float>, Tensor<Float>) {
        var generator = RandomGenerator(seed: seed)
        let labels = Tensor<Float>(shape: [count], scalars: (0..<count).map { _ in Float(generator.int(below: 10)) })
        return (.normal(shape: [count, features], generator: &generator), labels)
    }

    func probe(_ activation: HiddenActivation, _ scheme: Initializer, width: Int, depth: Int = 10,
               batch: (Tensor<Float>, Tensor<Float>), seed: UInt64 = 22) throws -> [LayerReading] {
        var generator = RandomGenerator(seed: seed)
        var network = DeepNetwork(activation: activation, inputs: batch.0.shape[1], width: width, depth: depth, classes: 10,
                                  scheme: scheme, generator: &generator)
        return try network.probe(images: batch.0, labels: batch.1)
    }

    func testKaimingKeepsTheSecondMomentOfReLULayers() throws {
        let readings = try probe(.relu, .kaimingNormal(), width: 1024, batch: gaussianBatch(count: 256, features: 1024))
        let ratio = readings[9].activations.meanSquare / readings[0].activations.meanSquare
        XCTAssert((0.5...2).contains(ratio), "E[a²] at layer 10 / layer 1 = \(ratio), theory: 1")
    }

    func testXavierHalvesTheSecondMomentAtEveryReLULayer() throws {
        let readings = try probe(.relu, .xavierNormal(), width: 1024, batch: gaussianBatch(count: 256, features: 1024))
        let ratio = readings[9].activations.meanSquare / readings[0].activations.meanSquare
        let theory = 1.0 / 512  // 2⁻⁹
        XCTAssert((theory / 2...theory * 2).contains(ratio), "E[a²] at layer 10 / layer 1 = \(ratio), theory: 2⁻⁹")
    }

    /// With zero biases a ReLU network is positively homogeneous: scaling every weight by c scales
    /// layer l's output by c^l and leaves the sign pattern (which units are 0) unchanged. The
    /// normal schemes draw the same standard normals scaled by their σ, so σ = 1 and σ = 0.01 give
    /// the same network up to those factors.
    func testReLUNetworkScalesAsSigmaToTheDepth() throws {
        let batch = gaussianBatch(count: 128, features: 64)
        let small = try probe(.relu, .normal(standardDeviation: 0.01), width: 64, depth: 4, batch: batch)
        let large = try probe(.relu, .normal(standardDeviation: 1), width: 64, depth: 4, batch: batch)
        for l in 0..<4 {
            let expected = (0...l).reduce(1.0) { product, _ in product * 100 }  // 100^(l+1)
            XCTAssertEqual(large[l].activations.standardDeviation / small[l].activations.standardDeviation, expected,
                           accuracy: 1e-4 * expected, "layer \(l + 1)")
            XCTAssertEqual(large[l].activations.deadUnitFraction, small[l].activations.deadUnitFraction)
        }
    }

    /// A tanh saturates when its input's spread is large. Under N(0, 1) weights on 256 inputs the
    /// pre-activation has σ = √(256·E[a²]) ≥ 11 once E[a²] ≥ 1/2, so |z| < atanh(0.99) = 2.65 has
    /// probability below 2·2.65/(11·√(2π)) ≈ 0.19: over 80% saturated. Under Xavier (v = 1/256
    /// between hidden layers) it has σ = √E[a²] < 1, so |z| > 2.65 has probability below 0.8%.
    func testLargeGaussianSaturatesTanhAndXavierDoesNot() throws {
        let batch = gaussianBatch(count: 256, features: 256)
        let large = try probe(.tanh, .normal(standardDeviation: 1), width: 256, batch: batch)
        let xavier = try probe(.tanh, .xavierNormal(), width: 256, batch: batch)
        for l in 1..<10 {
            XCTAssertGreaterThan(large[l].activations.saturatedFraction, 0.8, "σ 1, layer \(l + 1)")
            XCTAssertLessThan(xavier[l].activations.saturatedFraction, 0.01, "Xavier, layer \(l + 1)")
        }
    }

    /// Under N(0, 0.01²) weights each ReLU layer multiplies the signal's size by √(256 · 10⁻⁴ / 2)
    /// ≈ 0.11 forward, and the gradient by as much backward; ∂L/∂W_l is a product of the two, so
    /// every layer's weight gradient is about 0.11¹⁰ ≈ 3·10⁻¹⁰ times Kaiming's.
    func testSmallGaussianGradientsVanish() throws {
        let batch = gaussianBatch(count: 256, features: 256)
        let small = try probe(.relu, .normal(standardDeviation: 0.01), width: 256, batch: batch)
        let kaiming = try probe(.relu, .kaimingNormal(), width: 256, batch: batch)
        for l in 0..<10 {
            XCTAssertLessThan(small[l].weightGradientNorm, 1e-6 * kaiming[l].weightGradientNorm, "layer \(l + 1)")
            XCTAssertGreaterThan(kaiming[l].weightGradientNorm, 0)
        }
    }

    func testZeroInitialisationOutputsNothingAndGetsNoGradient() throws {
        let batch = gaussianBatch(count: 32, features: 20)
        for activation in HiddenActivation.allCases {
            let readings = try probe(activation, .zero, width: 8, depth: 3, batch: batch)
            XCTAssertEqual(readings.count, 3)
            for reading in readings {
                XCTAssertEqual(reading.activations.mean, 0)
                XCTAssertEqual(reading.activations.standardDeviation, 0)
                XCTAssertEqual(reading.activations.deadUnitFraction, 1)
                XCTAssertEqual(reading.weightGradientNorm, 0)
            }
        }
    }

    /// The readings go through the multithreaded matrix products; they must not depend on the thread count.
    func testReadingsAreIdenticalForOneAndTwoThreads() throws {
        defer { ComputeThreads.count = 2 }
        let batch = gaussianBatch(count: 512, features: 256)
        ComputeThreads.count = 1
        let one = try probe(.tanh, .xavierUniform(), width: 256, batch: batch)
        ComputeThreads.count = 2
        XCTAssertEqual(try probe(.tanh, .xavierUniform(), width: 256, batch: batch), one)
    }
}
