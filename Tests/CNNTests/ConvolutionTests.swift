import XCTest
import NablaCore
import CNN
import NablaTestSupport

/// The fast convolution (both paths) against the textbook loops, on random shapes, in Double and
/// Float, for the output and every gradient; and bitwise the same for any thread count.
final class ConvolutionTests: XCTestCase {
    /// Every result of the fast path `path` against the naive one, for one shape.
    func compare<Scalar: Real>(_ g: ConvolutionGeometry, path: ConvolutionPath, _: Scalar.Type, tolerance: Double,
                               seed: UInt64, threads: Int = 1, file: StaticString = #filePath, line: UInt = #line) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor<Scalar>.normal(shape: g.inputShape, generator: &generator)
        let w = Tensor<Scalar>.normal(shape: g.weightShape, generator: &generator)
        let b = Tensor<Scalar>.normal(shape: [g.outputChannels], generator: &generator)
        let dy = Tensor<Scalar>.normal(shape: g.outputShape, generator: &generator)
        let label = "\(Scalar.self) \(path) \(g)"
        assertConvolutionClose(fastConvolutionForward(x, weight: w, bias: b, geometry: g, path: path, threads: threads),
                               naiveConvolutionForward(x, weight: w, bias: b, geometry: g),
                               tolerance: tolerance, "y, \(label)", file: file, line: line)
        assertConvolutionClose(fastConvolutionForward(x, weight: w, bias: nil, geometry: g, path: path, threads: threads),
                               naiveConvolutionForward(x, weight: w, bias: nil, geometry: g),
                               tolerance: tolerance, "y without bias, \(label)", file: file, line: line)
        assertConvolutionClose(fastConvolutionInputGradient(dy, weight: w, geometry: g, path: path, threads: threads),
                               naiveConvolutionInputGradient(dy, weight: w, geometry: g),
                               tolerance: tolerance, "dx, \(label)", file: file, line: line)
        let (dw, db) = fastConvolutionParameterGradients(dy, input: x, bias: true, geometry: g, path: path, threads: threads)
        assertConvolutionClose(dw, naiveConvolutionWeightGradient(dy, input: x, geometry: g),
                               tolerance: tolerance, "dw, \(label)", file: file, line: line)
        XCTAssertNotNil(db, label, file: file, line: line)
        if let db { assertConvolutionClose(db, naiveConvolutionBiasGradient(dy), tolerance: tolerance, "db, \(label)", file: file, line: line) }
        XCTAssertNil(fastConvolutionParameterGradients(dy, input: x, bias: false, geometry: g, path: path, threads: threads).bias)
        // The whole backward pass in one sweep gives the very same bits as its parts.
        let backward = fastConvolutionBackward(dy, input: x, weight: w, bias: true, geometry: g, path: path, threads: threads)
        XCTAssertEqual(backward.input.map { bits($0) },
                       bits(fastConvolutionInputGradient(dy, weight: w, geometry: g, path: path, threads: threads)),
                       "backward dx, \(label)", file: file, line: line)
        XCTAssertEqual(bits(backward.weight), bits(dw), "backward dw, \(label)", file: file, line: line)
        XCTAssertEqual(backward.bias.map { bits($0) }, db.map { bits($0) }, "backward db, \(label)", file: file, line: line)
    }

    func compareEveryPath(_ g: ConvolutionGeometry, seed: UInt64, threads: Int = 1, file: StaticString = #filePath, line: UInt = #line) {
        for path in ConvolutionPath.allCases where path.supports(g) {
            compare(g, path: path, Double.self, tolerance: 1e-12, seed: seed, threads: threads, file: file, line: line)
            compare(g, path: path, Float.self, tolerance: 2e-5, seed: seed, threads: threads, file: file, line: line)
        }
    }

    func testBothPathsEqualNaiveOnRandomUnitStrideShapes() throws {
        var generator = RandomGenerator(seed: 4)
        var channelLanes = 0
        for seed in 0..<40 as Range<UInt64> {
            let shape = try RandomConvolutionCase(&generator, unitStride: true)
            if directForwardUsesChannelLanes(shape.geometry) { channelLanes += 1 }
            compareEveryPath(shape.geometry, seed: seed)
        }
        if maximumTileRows == 8 {
            XCTAssertGreaterThanOrEqual(channelLanes, 3, "the random shapes should often take the channel-lanes forward tiles")
        }
    }

    func testIm2colEqualsNaiveOnRandomStridesAndPadding() throws {
        var generator = RandomGenerator(seed: 5)
        var strideAboveKernel = 0
        for seed in 0..<40 as Range<UInt64> {
            let shape = try RandomConvolutionCase(&generator, unitStride: false)
            let g = shape.geometry
            if g.stride.height > g.kernel.height || g.stride.width > g.kernel.width { strideAboveKernel += 1 }
            compareEveryPath(g, seed: seed)
        }
        XCTAssertGreaterThanOrEqual(strideAboveKernel, 5, "the random shapes should often have a stride larger than the kernel")
    }

    /// Shapes chosen to reach every corner: every tile height (8, 6, 4, 2, 1) for output and input
    /// channels, several position tiles, chunks of several images and groups of images cut short
    /// (batch 17 and 37), a kernel as large as the padded image,
    /// 1×1 kernels (im2col reads the image itself), stride larger than the kernel.
    func testChosenShapesReachEveryTileAndChunk() throws {
        let shapes: [(n: Int, c: Int, o: Int, h: Int, w: Int, k: (Int, Int), s: (Int, Int), p: (Int, Int))] = [
            (17, 3, 23, 9, 11, (3, 3), (1, 1), (1, 1)),   // 23 = 8 + 8 + 6 + 1 channels, 3 images per chunk
            (2, 9, 3, 8, 7, (3, 3), (1, 1), (1, 1)),      // dL/dx over 9 = 8 + 1 input channels
            (37, 1, 6, 12, 12, (5, 5), (1, 1), (2, 2)),   // LeNet's first layer, smaller
            (5, 6, 16, 10, 10, (5, 5), (1, 1), (0, 0)),   // LeNet's second layer, smaller
            (3, 2, 4, 3, 4, (5, 6), (1, 1), (1, 1)),      // kernel as large as the padded image
            (2, 5, 3, 7, 5, (1, 1), (1, 1), (0, 0)),      // pointwise
            (2, 3, 2, 7, 6, (1, 1), (2, 3), (0, 0)),      // pointwise with stride
            (3, 2, 5, 11, 9, (2, 1), (3, 4), (1, 0)),     // stride > kernel
            (1, 4, 10, 1, 17, (1, 3), (1, 1), (0, 1)),    // a single row
            (2, 1, 9, 20, 1, (4, 1), (1, 1), (2, 0)),     // a single column
        ]
        for (i, s) in shapes.enumerated() {
            let g = try ConvolutionGeometry(batch: s.n, inputChannels: s.c, outputChannels: s.o, input: (s.h, s.w),
                                            kernel: s.k, stride: s.s, padding: s.p)
            compareEveryPath(g, seed: UInt64(i), threads: 2)
        }
    }

    /// The channel-lanes forward tiles (ChannelLanesCorrelation.swift) sum each output in the row-pitch
    /// tiles' order, so a layer of 16 or 32 output channels gives the very bits of the same layer
    /// cut into layers of 8 channels (which the row-pitch tiles compute, a channel's sum never
    /// depending on the others'). Shapes: LeNet's second layer, a last tile cut short (63 and 66
    /// positions), two groups of 16 channels, a kernel wider than high; with and without bias.
    func testChannelLanesForwardIsBitwiseTheRowPitchTiles() throws {
        try XCTSkipIf(maximumTileRows != 8, "the channel-lanes tiles need 32 vector registers (AVX-512)")
        let shapes: [(n: Int, c: Int, o: Int, h: Int, w: Int, k: (Int, Int), p: (Int, Int))] = [
            (3, 6, 16, 14, 14, (5, 5), (0, 0)),
            (2, 3, 32, 9, 7, (3, 3), (1, 1)),
            (2, 2, 16, 6, 11, (3, 5), (1, 2)),
        ]
        for (i, s) in shapes.enumerated() {
            let g = try ConvolutionGeometry(batch: s.n, inputChannels: s.c, outputChannels: s.o, input: (s.h, s.w), kernel: s.k, padding: s.p)
            let eight = try ConvolutionGeometry(batch: s.n, inputChannels: s.c, outputChannels: 8, input: (s.h, s.w), kernel: s.k, padding: s.p)
            XCTAssertTrue(directForwardUsesChannelLanes(g), "\(g) should take the channel-lanes tiles")
            XCTAssertFalse(directForwardUsesChannelLanes(eight), "\(eight) should take the row-pitch tiles")
            assertChannelLanesMatchRowPitch(g, eight, Float.self, seed: UInt64(i))
            assertChannelLanesMatchRowPitch(g, eight, Double.self, seed: UInt64(i))
        }
    }

    func assertChannelLanesMatchRowPitch<Scalar: Real>(_ g: ConvolutionGeometry, _ eight: ConvolutionGeometry, _: Scalar.Type,
                                                       seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor<Scalar>.normal(shape: g.inputShape, generator: &generator)
        let w = Tensor<Scalar>.normal(shape: g.weightShape, generator: &generator)
        let b = Tensor<Scalar>.normal(shape: [g.outputChannels], generator: &generator)
        let weightsPerChannel = g.weightShape.dropFirst().reduce(1, *), outputPlane = g.output.height * g.output.width
        for bias in [b, nil] {
            let whole = fastConvolutionForward(x, weight: w, bias: bias, geometry: g, path: .direct, threads: 2).scalars
            for group in 0..<(g.outputChannels / 8) {
                let channels = (group * 8)..<(group * 8 + 8)
                let part = fastConvolutionForward(
                    x, weight: Tensor(shape: eight.weightShape, scalars: Array(w.scalars[(channels.lowerBound * weightsPerChannel)..<(channels.upperBound * weightsPerChannel)])),
                    bias: bias.map { Tensor(shape: [8], scalars: Array($0.scalars[channels])) }, geometry: eight, path: .direct).scalars
                for n in 0..<g.batch {
                    for o in 0..<8 {
                        let wholeStart = (n * g.outputChannels + channels.lowerBound + o) * outputPlane, partStart = (n * 8 + o) * outputPlane
                        func plane(_ scalars: [Scalar], _ start: Int) -> [UInt8] {
                            bits(Tensor(shape: [outputPlane], scalars: Array(scalars[start..<(start + outputPlane)])))
                        }
                        XCTAssertTrue(plane(whole, wholeStart) == plane(part, partStart), "not the same bits: \(Scalar.self) \(g), image \(n), channel \(channels.lowerBound + o), bias \(bias != nil)", file: file, line: line)
                    }
                }
            }
        }
    }

    func testAnEmptyBatchGivesEmptyOutputsAndZeroGradients() throws {
        let g = try ConvolutionGeometry(batch: 0, inputChannels: 2, outputChannels: 3, input: (5, 5), kernel: (3, 3))
        let w = Tensor<Float>(repeating: 1, shape: g.weightShape)
        for path in ConvolutionPath.allCases {
            XCTAssertEqual(fastConvolutionForward(Tensor(zeros: g.inputShape), weight: w, bias: nil, geometry: g, path: path).shape, [0, 3, 3, 3])
            XCTAssertEqual(fastConvolutionInputGradient(Tensor(zeros: g.outputShape), weight: w, geometry: g, path: path).shape, [0, 2, 5, 5])
            let (dw, db) = fastConvolutionParameterGradients(Tensor<Float>(zeros: g.outputShape), input: Tensor(zeros: g.inputShape),
                                                             bias: true, geometry: g, path: path)
            XCTAssertEqual(dw, Tensor(zeros: g.weightShape))
            XCTAssertEqual(db, Tensor(zeros: [3]))
        }
    }

    // MARK: - Determinism

    /// Every result is bitwise the same on 1, 2 or 3 threads, on both paths, for a problem large
    /// enough to run on several threads.
    func testResultsAreBitwiseTheSameForAnyThreadCount() throws {
        let shapes = [try ConvolutionGeometry(batch: 33, inputChannels: 3, outputChannels: 10, input: (14, 15), kernel: (3, 3),
                                              padding: (1, 1)),
                      try ConvolutionGeometry(batch: 40, inputChannels: 5, outputChannels: 9, input: (20, 17), kernel: (3, 2),
                                              stride: (2, 1), padding: (1, 0))]
        for g in shapes {
            XCTAssertGreaterThan(g.multiplyAdds, 1_000_000, "large enough to use threads")
            var generator = RandomGenerator(seed: 9)
            let x = Tensor<Float>.normal(shape: g.inputShape, generator: &generator)
            let w = Tensor<Float>.normal(shape: g.weightShape, generator: &generator)
            let b = Tensor<Float>.normal(shape: [g.outputChannels], generator: &generator)
            let dy = Tensor<Float>.normal(shape: g.outputShape, generator: &generator)
            for path in ConvolutionPath.allCases where path.supports(g) {
                func run(_ threads: Int) -> [[UInt8]] {
                    let (dw, db) = fastConvolutionParameterGradients(dy, input: x, bias: true, geometry: g, path: path, threads: threads)
                    let backward = fastConvolutionBackward(dy, input: x, weight: w, bias: true, geometry: g, path: path, threads: threads)
                    return [bits(fastConvolutionForward(x, weight: w, bias: b, geometry: g, path: path, threads: threads)),
                            bits(fastConvolutionInputGradient(dy, weight: w, geometry: g, path: path, threads: threads)),
                            bits(dw), bits(db!),
                            bits(backward.input!), bits(backward.weight), bits(backward.bias!)]
                }
                let single = run(1)
                XCTAssertEqual(run(2), single, "\(path) \(g): 2 threads")
                XCTAssertEqual(run(3), single, "\(path) \(g): 3 threads")
            }
        }
    }

    /// The same through the layer, with the thread count set as `--threads` sets it.
    func testTheLayerIsBitwiseTheSameForAnyComputeThreadsCount() throws {
        let saved = ComputeThreads.count
        defer { ComputeThreads.count = saved }
        var generator = RandomGenerator(seed: 3)
        let layer = Conv2D<Float>(inputChannels: 6, outputChannels: 16, kernelSize: 5, generator: &generator)
        let x = Tensor<Float>.normal(shape: [24, 6, 14, 14], generator: &generator)
        let dy = Tensor<Float>.normal(shape: [24, 16, 10, 10], generator: &generator)
        func run(_ threads: Int) throws -> [[UInt8]] {
            ComputeThreads.count = threads
            var context = ForwardContext.training()
            let (y, cache) = try layer.forward(x, context: &context)
            let (dx, gradients) = layer.backward(dy, cache: cache)
            return [bits(y), bits(dx), bits(gradients["weight"]), bits(gradients["bias"])]
        }
        let single = try run(1)
        XCTAssertEqual(try run(2), single)
        XCTAssertEqual(try run(3), single)
    }

    func testTheAutomaticPathIsDirectForStrideOneUnlessTheImageIsTinyAndTheChannelsMany() throws {
        func path(_ c: Int, _ o: Int, _ size: Int, _ k: Int, stride: Int = 1, padding: Int = 0) throws -> ConvolutionPath {
            .automatic(for: try ConvolutionGeometry(batch: 128, inputChannels: c, outputChannels: o, input: (size, size),
                                                    kernel: (k, k), stride: (stride, stride), padding: (padding, padding)))
        }
        XCTAssertEqual(try path(1, 6, 28, 5, padding: 2), .direct)
        XCTAssertEqual(try path(6, 16, 14, 5), .direct)
        XCTAssertEqual(try path(64, 64, 14, 3, padding: 1), .direct)
        XCTAssertEqual(try path(8, 8, 5, 3), .direct)
        XCTAssertEqual(try path(64, 64, 4, 3, padding: 1), .im2col)
        XCTAssertEqual(try path(3, 8, 28, 3, stride: 2, padding: 1), .im2col)
        XCTAssertFalse(ConvolutionPath.direct.supports(try ConvolutionGeometry(batch: 1, inputChannels: 1, outputChannels: 1,
                                                                               input: (5, 5), kernel: (3, 3), stride: (1, 2))))
    }
}
