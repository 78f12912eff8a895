import XCTest
import NablaCore
import Backprop
import CNN

/// Conv2D and ConvTranspose2D as layers: what they equal, how they are built, how they fail.
final class ConvolutionLayerTests: XCTestCase {
    /// A 1×1 convolution is a linear layer applied at every pixel: y[n, :, h, w] = W x[n, :, h, w] + b.
    /// Checked for the output and every gradient, against chapter 2's `Linear` on the pixels as rows.
    func testOneByOneConvolutionIsALinearLayerAtEveryPixel() throws {
        var generator = RandomGenerator(seed: 11)
        let (n, c, o, h, w) = (3, 4, 5, 6, 7)
        var conv = Conv2D<Double>(inputChannels: c, outputChannels: o, kernelSize: 1, generator: &generator)
        var linear = Linear<Double>(inputFeatures: c, outputFeatures: o, generator: &generator)
        linear.parameters["weight"] = conv.parameters["weight"].reshaped([o, c])
        linear.parameters["bias"] = conv.parameters["bias"]
        let x = Tensor<Double>.normal(shape: [n, c, h, w], generator: &generator)
        let dy = Tensor<Double>.normal(shape: [n, o, h, w], generator: &generator)

        /// [N, C, H, W] → [N·H·W, C]: one row per pixel; and back.
        func pixelsAsRows(_ t: Tensor<Double>) -> Tensor<Double> {
            let channels = t.shape[1]
            return Tensor(shape: [n * h * w, channels]) { i in
                let (pixel, channel) = i.quotientAndRemainder(dividingBy: channels)
                let (image, position) = pixel.quotientAndRemainder(dividingBy: h * w)
                return t.scalars[(image * channels + channel) * h * w + position]
            }
        }
        func rowsAsImages(_ t: Tensor<Double>) -> Tensor<Double> {
            let channels = t.shape[1]
            return Tensor(shape: [n, channels, h, w]) { i in
                let (imageChannel, position) = i.quotientAndRemainder(dividingBy: h * w)
                let (image, channel) = imageChannel.quotientAndRemainder(dividingBy: channels)
                return t.scalars[(image * h * w + position) * channels + channel]
            }
        }
        var context = ForwardContext.evaluation
        for algorithm in [ConvolutionAlgorithm.naive, .path(.direct), .path(.im2col)] {
            conv.algorithm = algorithm
            let (y, convCache) = try conv.forward(x, context: &context)
            let (yLinear, linearCache) = try linear.forward(pixelsAsRows(x), context: &context)
            assertConvolutionClose(y, rowsAsImages(yLinear), tolerance: 1e-14, "y (\(algorithm))")
            let (dx, convGradients) = conv.backward(dy, cache: convCache)
            let (dxLinear, linearGradients) = linear.backward(pixelsAsRows(dy), cache: linearCache)
            assertConvolutionClose(dx, rowsAsImages(dxLinear), tolerance: 1e-14, "dx (\(algorithm))")
            assertConvolutionClose(convGradients["weight"].reshaped([o, c]), linearGradients["weight"], tolerance: 1e-13, "dw (\(algorithm))")
            assertConvolutionClose(convGradients["bias"], linearGradients["bias"], tolerance: 1e-13, "db (\(algorithm))")
        }
    }

    /// A hand-computed example: a 2×2 kernel of ones with bias 0.5 sums each 2×2 window, stride 2.
    func testAWindowSumByHand() throws {
        var generator = RandomGenerator(seed: 0)
        var conv = Conv2D<Double>(inputChannels: 1, outputChannels: 1, kernelSize: 2, stride: 2, generator: &generator)
        conv.parameters["weight"] = Tensor(repeating: 1, shape: [1, 1, 2, 2])
        conv.parameters["bias"] = Tensor(shape: [1], scalars: [0.5])
        let x = Tensor<Double>(shape: [1, 1, 4, 4], scalars: (0..<16).map(Double.init))
        // windows [[0, 1], [4, 5]] = 10, [[2, 3], [6, 7]] = 18, [[8, 9], [12, 13]] = 42, [[10, 11], [14, 15]] = 50
        XCTAssertEqual(try conv(x).scalars, [10.5, 18.5, 42.5, 50.5])
        conv.algorithm = .naive
        XCTAssertEqual(try conv(x).scalars, [10.5, 18.5, 42.5, 50.5])
    }

    // MARK: - Transposed convolution

    /// The transposed convolution by its own definition, independent of the convolution code:
    /// y[n, o, i·S_h + p − P_h, j·S_w + q − P_w] += x[n, c, i, j] · w[c, o, p, q], then + b[o].
    func transposedByDefinition(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>,
                                stride: (Int, Int), padding: (Int, Int)) -> Tensor<Double> {
        let (n, cin, h, wid) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (cout, kh, kw) = (w.shape[1], w.shape[2], w.shape[3])
        let oh = (h - 1) * stride.0 - 2 * padding.0 + kh, ow = (wid - 1) * stride.1 - 2 * padding.1 + kw
        var y = Tensor<Double>(zeros: [n, cout, oh, ow])
        for image in 0..<n { for o in 0..<cout { for r in 0..<oh { for s in 0..<ow { y[image, o, r, s] = b[o] } } } }
        for image in 0..<n { for c in 0..<cin { for i in 0..<h { for j in 0..<wid {
            for o in 0..<cout { for p in 0..<kh { for q in 0..<kw {
                let (r, s) = (i * stride.0 + p - padding.0, j * stride.1 + q - padding.1)
                if r >= 0 && r < oh && s >= 0 && s < ow { y[image, o, r, s] += x[image, c, i, j] * w[c, o, p, q] }
            } } }
        } } } }
        return y
    }

    func testTransposedConvolutionMatchesItsDefinition() throws {
        var generator = RandomGenerator(seed: 12)
        for (k, s, p) in [((3, 3), (2, 2), (1, 1)), ((2, 3), (2, 1), (0, 1)), ((3, 2), (1, 1), (1, 0)), ((2, 2), (3, 3), (0, 0)),
                          ((1, 1), (1, 1), (0, 0)), ((4, 1), (1, 2), (2, 0))] {
            var layer = ConvTranspose2D<Double>(inputChannels: 3, outputChannels: 4, kernelSize: k, stride: s, padding: p,
                                                generator: &generator)
            let x = Tensor<Double>.normal(shape: [2, 3, 4, 5], generator: &generator)
            let want = transposedByDefinition(x, layer.parameters["weight"], layer.parameters["bias"], stride: s, padding: p)
            for algorithm in [ConvolutionAlgorithm.naive, .fast, .path(.im2col)] {
                layer.algorithm = algorithm
                assertConvolutionClose(try layer(x), want, tolerance: 1e-13, "kernel \(k) stride \(s) padding \(p) \(algorithm)")
            }
        }
    }

    /// ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ with the same weight: the transposed convolution is the adjoint
    /// (the transpose) of the convolution, which is why it computes the convolution's dL/dx.
    func testTransposedConvolutionIsTheAdjointOfTheConvolution() throws {
        var generator = RandomGenerator(seed: 13)
        var conv = Conv2D<Double>(inputChannels: 3, outputChannels: 5, kernelSize: (3, 2), stride: (2, 1), padding: (1, 1),
                                  bias: false, generator: &generator)
        var transposed = ConvTranspose2D<Double>(inputChannels: 5, outputChannels: 3, kernelSize: (3, 2), stride: (2, 1),
                                                 padding: (1, 1), bias: false, generator: &generator)
        transposed.parameters["weight"] = conv.parameters["weight"]
        let x = Tensor<Double>.normal(shape: [2, 3, 9, 6], generator: &generator)
        let cx = try conv(x)
        let y = Tensor<Double>.normal(shape: cx.shape, generator: &generator)
        let ty = try transposed(y)
        XCTAssertEqual(ty.shape, x.shape)
        let left = zip(cx.scalars, y.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        let right = zip(x.scalars, ty.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(left, right, accuracy: 1e-10 * abs(left))
    }

    // MARK: - Construction

    func testConfigKeysPairsDefaultsAndPyTorchInitialisation() throws {
        var generator = RandomGenerator(seed: 1)
        let registry = convolutionRegistry(Double.self)
        let conv = try registry.makeLayer("conv2d", config: ["in_channels": .number(3), "out_channels": .number(8),
                                                             "kernel_size": .array([.number(5), .number(3)])],
                                          generator: &generator)
        XCTAssertEqual(conv.parameters.names, ["weight", "bias"])
        XCTAssertEqual(conv.parameters["weight"].shape, [8, 3, 5, 3])
        let bound = 1 / (3.0 * 5 * 3).squareRoot()
        for name in ["weight", "bias"] {
            let values = conv.parameters[name].scalars
            XCTAssert(values.allSatisfy { abs($0) <= bound }, "\(name) within ±1/√fan_in")
            XCTAssertGreaterThan(values.map(abs).max()!, 0.8 * bound, "\(name) spread over the range")
        }
        XCTAssertEqual(conv.parameters.scalarCount, try convolutionParameterCount(inChannels: 3, outChannels: 8, kernel: (5, 3)))

        let transposed = try registry.makeLayer("conv_transpose2d", config: convolutionConfig(in: 2, out: 6, kernel: (2, 4), bias: false),
                                                generator: &generator)
        XCTAssertEqual(transposed.parameters.names, ["weight"])
        XCTAssertEqual(transposed.parameters["weight"].shape, [2, 6, 2, 4], "PyTorch's [in, out, kh, kw]")
        // PyTorch's fan_in of a transposed convolution is weight.size(1)·K_h·K_w = C_out·K_h·K_w.
        XCTAssert(transposed.parameters["weight"].scalars.allSatisfy { abs($0) <= 1 / (6.0 * 2 * 4).squareRoot() })

        var context = ForwardContext.evaluation
        var layer = try registry.makeLayer("conv2d", config: convolutionConfig(in: 3, out: 8, kernel: (5, 3), stride: (2, 1),
                                                                              padding: (1, 0)), generator: &generator)
        XCTAssertEqual(try layer.forwardErasingCache(Tensor(zeros: [1, 3, 9, 7]), context: &context).output.shape, [1, 8, 4, 5])
    }

    func testUnknownAndInvalidConfigsAreRejected() {
        var generator = RandomGenerator(seed: 1)
        let registry = convolutionRegistry(Double.self)
        var config = convolutionConfig(in: 1, out: 2, kernel: (3, 3))
        config["dilation"] = .number(2)
        XCTAssertThrowsError(try registry.makeLayer("conv2d", config: config, generator: &generator)) { error in
            XCTAssertEqual(error as? NablaError, .unsupported("config key 'dilation' of op 'conv2d'"))
        }
        for (key, value) in [("kernel_size", JSON.number(0)), ("stride", .array([.number(1), .number(0)])), ("padding", .number(-1)),
                             ("in_channels", .number(0)), ("kernel_size", .array([.number(1), .number(2), .number(3)]))] {
            var bad = convolutionConfig(in: 1, out: 2, kernel: (3, 3))
            bad[key] = value
            for op in ["conv2d", "conv_transpose2d"] {
                XCTAssertThrowsError(try registry.makeLayer(op, config: bad, generator: &generator), "\(op) \(key) = \(value)") { error in
                    guard case .invalidConfig(let name, _)? = error as? NablaError else { return XCTFail("\(error)") }
                    XCTAssertEqual(name, op)
                }
            }
        }
        var missing = convolutionConfig(in: 1, out: 2, kernel: (3, 3))
        missing["kernel_size"] = nil
        XCTAssertThrowsError(try registry.makeLayer("conv2d", config: missing, generator: &generator))
    }

    // MARK: - Shape errors

    func testAWrongChannelCountNamesTheLayerAndBothShapes() throws {
        var generator = RandomGenerator(seed: 2)
        var conv = Conv2D<Float>(inputChannels: 3, outputChannels: 6, kernelSize: 5, generator: &generator)
        XCTAssertThrowsError(try conv(Tensor(zeros: [2, 4, 8, 8]))) { error in
            let message = "\(error)"
            XCTAssert(message.hasPrefix("conv2d:"), message)
            XCTAssert(message.contains("[2, 4, 8, 8]") && message.contains("[6, 3, 5, 5]"), message)
            XCTAssert(message.contains("in_channels = 3"), message)
        }
        XCTAssertThrowsError(try conv(Tensor(zeros: [2, 192]))) { error in
            XCTAssert("\(error)".contains("[2, 192]") && "\(error)".contains("NCHW"), "\(error)")
        }
        var transposed = ConvTranspose2D<Float>(inputChannels: 3, outputChannels: 6, kernelSize: 2, stride: 2, generator: &generator)
        XCTAssertThrowsError(try transposed(Tensor(zeros: [1, 6, 4, 4]))) { error in
            let message = "\(error)"
            XCTAssert(message.hasPrefix("conv_transpose2d:") && message.contains("[1, 6, 4, 4]") && message.contains("[3, 6, 2, 2]"), message)
        }
    }

    func testAnInputTooSmallForTheKernelExplainsTheSize() throws {
        var generator = RandomGenerator(seed: 2)
        var conv = Conv2D<Float>(inputChannels: 1, outputChannels: 2, kernelSize: 5, generator: &generator)
        XCTAssertThrowsError(try conv(Tensor(zeros: [1, 1, 3, 8]))) { error in
            XCTAssertEqual("\(error)", "conv2d: output size floor((3 − 5 + 2·0)/1) + 1 = -1 is not positive: "
                           + "kernel 5 is larger than the input 3 padded by 0 on each side")
        }
        var transposed = ConvTranspose2D<Float>(inputChannels: 1, outputChannels: 1, kernelSize: 1, padding: 1, generator: &generator)
        XCTAssertThrowsError(try transposed(Tensor(zeros: [1, 1, 2, 2]))) { error in
            XCTAssert("\(error)".hasPrefix("conv_transpose2d: output size (2 − 1)·1 − 2·1 + 1 = 0 is not positive"), "\(error)")
        }
    }
}
