import XCTest
import NablaCore
import CNN
import NablaTestSupport

/// The fast loops (pointers, threads) give the same bits as the naive ones (the definitions), on
/// random shapes: non-square kernels, odd sizes, strides larger than the kernel, padding.
final class PoolingNaiveFastTests: XCTestCase {
    func testMaxPoolFastEqualsNaive() throws {
        try checkMaxPool(Float.self, seed: 1)
        try checkMaxPool(Double.self, seed: 2)
    }

    func testAvgPoolFastEqualsNaive() throws {
        try checkAvgPool(Float.self, seed: 3)
        try checkAvgPool(Double.self, seed: 4)
    }

    func testUpsampleFastEqualsNaive() throws {
        try checkUpsample(Float.self, seed: 5)
        try checkUpsample(Double.self, seed: 6)
    }

    /// Float max pooling takes 16 planes at a time as vector lanes: the same bits again, with ties
    /// (small integers) and NaNs among the inputs.
    func testMaxPoolSixteenPlanePathEqualsNaive() throws {
        try checkMaxPool(Float.self, seed: 9, cases: 30, manyPlanes: true)
    }

    func testMaxPoolColumnPairPathEqualsNaive() throws {
        try checkMaxPool(Float.self, seed: 10, cases: 30, columnPairs: true)
    }

    /// LeNet's second pooling (rows of 5 window pairs: the short-row column-pair kernel) with ties,
    /// NaNs in its first and last planes (the last one's rows are copied before loading, so as not
    /// to read past the tensor) and a row of −∞: the same bits and argmax as the naive loops.
    func testMaxPoolShortRowsWithTiesAndNaNsEqualNaive() throws {
        var generator = RandomGenerator(seed: 11)
        var x = Tensor<Float>.normal(shape: [3, 16, 10, 10], generator: &generator).map { ($0 * 2).rounded() }
        for i in [0, 7, 45, x.count - 1, x.count - 12, x.count - 35] { x.scalars[i] = .nan }
        for i in 200..<210 { x.scalars[i] = -.infinity }
        let window = try PoolingWindow(kernel: (2, 2), layer: "max_pool2d")
        let naive = try maxPool2DNaive(x, window: window), fast = try maxPool2DFast(x, window: window)
        XCTAssertEqual(bits(naive.output), bits(fast.output))
        XCTAssertEqual(naive.argmax, fast.argmax)
    }

    /// Half the cases draw small integers, so windows hold ties (the first maximum must win in both
    /// versions); a few cells are NaN, which must win too.
    func checkMaxPool<Scalar: Real>(_: Scalar.Type, seed: UInt64, cases: Int = 80, manyPlanes: Bool = false,
                                    columnPairs: Bool = false) throws {
        var generator = RandomGenerator(seed: seed)
        var strideAboveKernel = 0
        for index in 0..<cases {
            let random = RandomPoolingCase(&generator, manyPlanes: manyPlanes, columnPairs: columnPairs)
            let window = try random.window
            var x = Tensor<Scalar>.normal(shape: random.inputShape, generator: &generator)
            if index % 2 == 1 { x = x.map { ($0 * 2).rounded() } }
            if index % 5 == 4 {
                for _ in 0..<3 { x.scalars[generator.int(below: x.count)] = .nan }
            }
            let naive = try maxPool2DNaive(x, window: window), fast = try maxPool2DFast(x, window: window)
            XCTAssertEqual(bits(naive.output), bits(fast.output), "forward, \(random)")
            XCTAssertEqual(naive.argmax, fast.argmax, "argmax, \(random)")
            let geometry = try window.geometry(input: x.shape)
            let dy = Tensor<Scalar>.normal(shape: geometry.outputShape, generator: &generator)
            XCTAssertEqual(bits(maxPool2DBackwardNaive(dy, argmax: naive.argmax, geometry: geometry)),
                           bits(maxPool2DBackwardFast(dy, argmax: fast.argmax, geometry: geometry)),
                           "backward, \(random)")
            if random.stride.0 > random.kernel.0 || random.stride.1 > random.kernel.1 { strideAboveKernel += 1 }
        }
        XCTAssertGreaterThan(strideAboveKernel, cases / 4, "the random cases cover strides larger than the kernel")
    }

    func checkAvgPool<Scalar: Real>(_: Scalar.Type, seed: UInt64, cases: Int = 80) throws {
        var generator = RandomGenerator(seed: seed)
        for _ in 0..<cases {
            let random = RandomPoolingCase(&generator)
            let window = try random.window
            let x = Tensor<Scalar>.normal(shape: random.inputShape, generator: &generator)
            XCTAssertEqual(bits(try avgPool2DNaive(x, window: window)),
                           bits(try avgPool2DFast(x, window: window)), "forward, \(random)")
            let geometry = try window.geometry(input: x.shape)
            let dy = Tensor<Scalar>.normal(shape: geometry.outputShape, generator: &generator)
            XCTAssertEqual(bits(avgPool2DBackwardNaive(dy, geometry: geometry)),
                           bits(avgPool2DBackwardFast(dy, geometry: geometry)), "backward, \(random)")
        }
    }

    func checkUpsample<Scalar: Real>(_: Scalar.Type, seed: UInt64, cases: Int = 40) throws {
        var generator = RandomGenerator(seed: seed)
        for _ in 0..<cases {
            let scale = try UpsampleScale(height: 1 + generator.int(below: 4), width: 1 + generator.int(below: 4))
            let shape = [1 + generator.int(below: 3), 1 + generator.int(below: 3),
                         1 + generator.int(below: 7), 1 + generator.int(below: 7)]
            let x = Tensor<Scalar>.normal(shape: shape, generator: &generator)
            let y = try upsampleNearest2DNaive(x, scale: scale)
            XCTAssertEqual(bits(y), bits(try upsampleNearest2DFast(x, scale: scale)), "forward \(shape)")
            let dy = Tensor<Scalar>.normal(shape: y.shape, generator: &generator)
            XCTAssertEqual(bits(upsampleNearest2DBackwardNaive(dy, inputShape: shape, scale: scale)),
                           bits(upsampleNearest2DBackwardFast(dy, inputShape: shape, scale: scale)),
                           "backward \(shape) scale \(scale.height)×\(scale.width)")
        }
    }

    /// NaN wins a max-pool window in both versions, as in PyTorch.
    func testNaNPropagatesThroughMaxPoolInBothVersions() throws {
        var x = Tensor<Float>(shape: [1, 1, 2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        x[0, 0, 1, 0] = .nan
        let window = try PoolingWindow(kernel: (2, 2))
        for result in [try maxPool2DNaive(x, window: window), try maxPool2DFast(x, window: window)] {
            XCTAssertTrue(result.output.scalars[0].isNaN)
            XCTAssertEqual(result.output.scalars[1], 8)
            XCTAssertEqual(result.argmax, [4, 7])
        }
    }

    /// Large enough to run on several threads: the bits must not depend on how many.
    func testFastVersionsAreBitwiseIdenticalForAnyThreadCount() throws {
        let saved = ComputeThreads.count
        defer { ComputeThreads.count = saved }
        var generator = RandomGenerator(seed: 7)
        let x = Tensor<Float>.normal(shape: [6, 16, 29, 31], generator: &generator)
        let window = try PoolingWindow(kernel: (3, 2), stride: (2, 1), padding: (1, 1))
        let geometry = try window.geometry(input: x.shape)
        let dy = Tensor<Float>.normal(shape: geometry.outputShape, generator: &generator)
        let scale = try UpsampleScale(height: 2, width: 3)
        let upsampledGradient = Tensor<Float>.normal(shape: try scale.outputShape(input: x.shape), generator: &generator)

        func run() throws -> [[UInt8]] {
            let (maxOutput, argmax) = try maxPool2DFast(x, window: window)
            return [bits(maxOutput), bits(maxPool2DBackwardFast(dy, argmax: argmax, geometry: geometry)),
                    bits(try avgPool2DFast(x, window: window)), bits(avgPool2DBackwardFast(dy, geometry: geometry)),
                    bits(try upsampleNearest2DFast(x, scale: scale)),
                    bits(upsampleNearest2DBackwardFast(upsampledGradient, inputShape: x.shape, scale: scale))]
        }
        ComputeThreads.count = 1
        let reference = try run()
        for threads in [2, 3] {
            ComputeThreads.count = threads
            XCTAssertEqual(try run(), reference, "\(threads) threads")
        }
    }

    /// The layers, built by name and called through `any Layer<Float>` as a model calls them,
    /// give what the naive functions give.
    func testRegisteredFloatLayersMatchNaive() throws {
        let registry = poolingRegistry(Float.self)
        var generator = RandomGenerator(seed: 8)
        let x = Tensor<Float>.normal(shape: [2, 3, 9, 8], generator: &generator)
        let config: [String: JSON] = ["kernel_size": .array([.number(3), .number(2)]), "stride": .number(2),
                                      "padding": .number(1)]
        let window = try PoolingWindow(kernel: (3, 2), stride: (2, 2), padding: (1, 1))
        var maxPool = try registry.makeLayer("max_pool2d", config: config, generator: &generator)
        var avgPool = try registry.makeLayer("avg_pool2d", config: config, generator: &generator)
        var upsample = try registry.makeLayer("upsample_nearest2d", config: ["scale_factor": .number(2)], generator: &generator)
        var context = ForwardContext.training()
        XCTAssertEqual(try maxPool.forwardErasingCache(x, context: &context).output, try maxPool2DNaive(x, window: window).output)
        XCTAssertEqual(try avgPool.forwardErasingCache(x, context: &context).output, try avgPool2DNaive(x, window: window))
        XCTAssertEqual(try upsample.forwardErasingCache(x, context: &context).output,
                       try upsampleNearest2DNaive(x, scale: try UpsampleScale(height: 2, width: 2)))
    }
}
