import XCTest
import Backprop
import CNN
import Deep
import NablaCore
import NablaTestSupport
import Regularization

/// Chapter 8's layers beyond what the registry-wide gradient checks and PyTorch fixtures cover:
/// batch-norm folding, the shortcut's gradient, torchvision's names, and the errors.
final class DeepTests: XCTestCase {
    /// Random batch-norm parameters and running statistics everywhere, so folding has work to do.
    private func randomizeBatchNorms(_ model: inout Sequential<Double>, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        var parameters = model.parameters, buffers = model.buffers
        for name in parameters.names where parameters[name].rank == 1 {
            parameters[name] = .uniform(shape: parameters[name].shape, low: 0.5, high: 1.5, generator: &generator)
        }
        for name in buffers.names {
            let count = buffers[name].count
            buffers[name] = name.hasSuffix("running_var") ? .uniform(shape: [count], low: 0.5, high: 2, generator: &generator)
                                                          : .uniform(shape: [count], low: -0.5, high: 0.5, generator: &generator)
        }
        (model.parameters, model.buffers) = (parameters, buffers)
    }

    func testFoldingBatchNormsKeepsTheOutputsAndRemovesEveryBatchNorm() throws {
        var generator = RandomGenerator(seed: 1)
        let x = Tensor<Double>.uniform(shape: [3, 1, 28, 28], low: -1, high: 1, generator: &generator)
        for var model in [try resNet(blocksPerStage: [2, 1], widths: [4, 8], generator: &generator) as Sequential<Double>,
                          try vggNet(widths: [4, 6], generator: &generator)] {
            randomizeBatchNorms(&model, seed: 2)
            var folded = try model.foldingBatchNorms()
            XCTAssertTrue(folded.buffers.isEmpty, "a batch norm is left: \(folded.buffers.names)")
            XCTAssertFalse(folded.parameters.names.contains { $0.contains("bn") })
            let want = try model(x), got = try folded(x)
            assertClose(got, want.scalars, tolerance: 1e-12)
        }
    }

    func testFoldingOneConvolutionFollowsTheFormula() throws {
        var generator = RandomGenerator(seed: 3)
        let convolution = Conv2D<Double>(inputChannels: 1, outputChannels: 2, kernelSize: 1, generator: &generator)
        var batchNorm = BatchNorm2D<Double>(featureCount: 2)
        batchNorm.parameters = Parameters(["weight": vector([2, -1]), "bias": vector([0.5, 0])])
        batchNorm.buffers = Parameters(["running_mean": vector([1, 0]), "running_var": vector([4 - 1e-5, 1 - 1e-5])])
        let folded = try foldBatchNorm(convolution, batchNorm)
        let (w, b) = (convolution.parameters["weight"].scalars, convolution.parameters["bias"].scalars)
        // W′ = W·γ/√(σ² + ε), b′ = (b − μ)·γ/√(σ² + ε) + β, with √(σ² + ε) = 2 and 1
        assertClose(folded.parameters["weight"], [w[0] * 2 / 2, w[1] * -1], tolerance: 1e-15)
        assertClose(folded.parameters["bias"], [(b[0] - 1) * 2 / 2 + 0.5, b[1] * -1], tolerance: 1e-15)
        assertThrows(try foldBatchNorm(convolution, BatchNorm2D<Double>(featureCount: 3)),
                     mentioning: ["foldBatchNorm", "2 output channels", "num_features = 3"])
    }

    func testBlocksNameTheirParametersAsTorchvision() {
        var generator = RandomGenerator(seed: 0)
        let projecting = BasicBlock<Double>(inPlanes: 2, planes: 4, stride: 2, generator: &generator)
        XCTAssertEqual(projecting.parameters.names, ["conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias",
                                                     "downsample.0.weight", "downsample.1.weight", "downsample.1.bias"])
        XCTAssertEqual(projecting.buffers.names, ["bn1.running_mean", "bn1.running_var", "bn2.running_mean", "bn2.running_var",
                                                  "downsample.1.running_mean", "downsample.1.running_var"])
        let identity = Bottleneck<Double>(inPlanes: 8, planes: 2, generator: &generator)
        XCTAssertEqual(identity.parameters.names, ["conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias",
                                                   "conv3.weight", "bn3.weight", "bn3.bias"])
        XCTAssertEqual(identity.parameters["conv3.weight"].shape, [8, 2, 1, 1])
    }

    func testPlainAndResidualBlocksDifferOnlyByTheAddition() throws {
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5), inputs = RandomGenerator(seed: 6)
        var residual = BasicBlock<Double>(inPlanes: 3, planes: 3, generator: &a)
        var plain = BasicBlock<Double>(inPlanes: 3, planes: 3, plain: true, generator: &b)
        XCTAssertEqual(residual.parameters, plain.parameters)
        let x = Tensor<Double>.uniform(shape: [2, 3, 5, 5], low: -1, high: 1, generator: &inputs)
        var main = residual.residual.main
        let f = try main(x)
        // residual: ReLU(F(x) + x); plain: ReLU(F(x))
        assertClose(try residual(x), (f + x).scalars.map { max($0, 0) })
        assertClose(try plain(x), f.scalars.map { max($0, 0) })
    }

    func testTheIdentityPathPassesTheGradientUnchanged() throws {
        // With bn2's γ = 0 the main path's output is β whatever x is, so dL/dx through F is zero and
        // all of dL/dx comes through the shortcut: dL/dz = dL/dy·[z > 0], and dL/dx = dL/dz.
        var generator = RandomGenerator(seed: 7)
        var block = BasicBlock<Double>(inPlanes: 2, planes: 2, generator: &generator)
        block.parameters["bn2.weight"] = Tensor(zeros: [2])
        let x = Tensor<Double>.uniform(shape: [2, 2, 4, 4], low: -1, high: 1, generator: &generator)
        let dy = Tensor<Double>.uniform(shape: [2, 2, 4, 4], low: -1, high: 1, generator: &generator)
        var context = ForwardContext(isTraining: true)
        let (y, cache) = try block.forward(x, context: &context)
        let dx = block.backward(dy, cache: cache).inputGradient
        assertClose(dx, zip(dy.scalars, y.scalars).map { $1 > 0 ? $0 : 0 }, tolerance: 1e-12)
        XCTAssertTrue(y.scalars.contains(0) && y.scalars.contains { $0 > 0 }, "the test needs both signs of z")
    }

    func testAnIdentityShortcutAroundAShapeChangeIsAClearError() throws {
        var generator = RandomGenerator(seed: 0)
        var unit = Residual<Double>(main: Sequential(Conv2D(inputChannels: 2, outputChannels: 2, kernelSize: 3, stride: 2, padding: 1,
                                                            generator: &generator)),
                                    shortcut: .identity)
        var context = ForwardContext()
        assertThrows(try unit.forward(Tensor(zeros: [1, 2, 6, 6]), context: &context),
                     mentioning: ["Residual", "[1, 2, 3, 3]", "[1, 2, 6, 6]", "projection"])
    }

    func testAdaptiveAveragePoolingWindowsOverlapAsPyTorchs() throws {
        // 5 rows into 2: rows 0–2 and 2–4 (row 2 is in both); 6 into 3: 0–1, 2–3, 4–5.
        XCTAssertEqual(AdaptiveAvgPool2D<Double>.window(0, of: 2, over: 5), 0..<3)
        XCTAssertEqual(AdaptiveAvgPool2D<Double>.window(1, of: 2, over: 5), 2..<5)
        XCTAssertEqual((0..<3).map { AdaptiveAvgPool2D<Double>.window($0, of: 3, over: 6) }, [0..<2, 2..<4, 4..<6])
        var global = AdaptiveAvgPool2D<Double>(outputSize: 1)
        let x = Tensor<Double>(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 10, 20, 30, 40])
        assertClose(try global(x), [2.5, 25])
        assertThrows(try global(Tensor(zeros: [2, 3])), mentioning: ["AdaptiveAvgPool2D", "4D", "[2, 3]"])
    }

    func testABlocksMultiplyAddsAreItsConvolutions() {
        var generator = RandomGenerator(seed: 0)
        // two 3×3 convolutions of 16 → 16 channels on 28×28: 2·9·16·16·784
        XCTAssertEqual(BasicBlock<Float>(inPlanes: 16, planes: 16, generator: &generator).multiplyAdds(exampleShape: [16, 28, 28]),
                       2 * 9 * 16 * 16 * 784)
        // stride 2 to 32 channels: 9·16·32·196 + 9·32·32·196 + the projection's 16·32·196
        XCTAssertEqual(BasicBlock<Float>(inPlanes: 16, planes: 32, stride: 2, generator: &generator).multiplyAdds(exampleShape: [16, 28, 28]),
                       (9 * 16 * 32 + 9 * 32 * 32 + 16 * 32) * 196)
    }
}
