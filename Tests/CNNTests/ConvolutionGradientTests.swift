import XCTest
import NablaCore
import NablaVerify
import CNN
import NablaTestSupport

/// Finite differences and PyTorch's numbers, for conv2d and conv_transpose2d.
final class ConvolutionGradientTests: XCTestCase {
    let registry = convolutionRegistry(Double.self)

    /// Configurations beyond the examples: LeNet-like, rectangular kernels, unequal strides and
    /// padding, stride larger than the kernel, no bias, 1×1, more channels than one SIMD tile.
    let cases: [(config: [String: JSON], inputShape: [Int])] = [
        (convolutionConfig(in: 1, out: 6, kernel: (5, 5), padding: (2, 2)), [2, 1, 7, 8]),
        (convolutionConfig(in: 2, out: 3, kernel: (2, 3), stride: (2, 1), padding: (1, 0), bias: false), [1, 2, 5, 7]),
        (convolutionConfig(in: 1, out: 2, kernel: (2, 2), stride: (3, 3), padding: (1, 1)), [2, 1, 8, 7]),
        (convolutionConfig(in: 3, out: 2, kernel: (1, 1)), [2, 3, 3, 4]),
        (convolutionConfig(in: 2, out: 9, kernel: (3, 3), padding: (1, 1)), [1, 2, 5, 6]),
        (convolutionConfig(in: 2, out: 2, kernel: (3, 1), stride: (1, 2), padding: (0, 2)), [3, 2, 6, 4]),
    ]

    func check(_ op: String, config: [String: JSON]?, inputShape: [Int]?, seed: UInt64) throws {
        var options = GradientCheckOptions()
        options.seed = seed
        let report = try checkGradients(op: op, registry: registry, inputShape: inputShape, config: config, options: options)
        XCTAssertTrue(report.passed, "\(op) \(config ?? [:]) \(inputShape ?? []) seed \(seed): max rel error \(report.maxRelativeError)")
        XCTAssertLessThan(report.maxRelativeError, 1e-7)
        XCTAssertEqual(report.kinkCount, 0)
        XCTAssertEqual(report.tensors.map(\.name), config?["bias"] == .bool(false) ? ["x", "weight"] : ["x", "weight", "bias"])
        XCTAssertTrue(report.tensors.allSatisfy { $0.checkedCount > 0 })
    }

    func testConv2dGradientsOverConfigsAndSeeds() throws {
        for seed: UInt64 in [0, 1, 2] {
            try check("conv2d", config: nil, inputShape: nil, seed: seed)
            for (config, shape) in cases { try check("conv2d", config: config, inputShape: shape, seed: seed) }
        }
    }

    func testConvTranspose2dGradientsOverConfigsAndSeeds() throws {
        for seed: UInt64 in [0, 1, 2] {
            try check("conv_transpose2d", config: nil, inputShape: nil, seed: seed)
            for (config, shape) in cases {
                // The same keys, read as a transposed convolution from `out` channels back to `in`.
                var transposed = config
                (transposed["in_channels"], transposed["out_channels"]) = (config["out_channels"], config["in_channels"])
                let outputShape = try Conv2D<Double>(config: Config(op: "conv2d", config), generator: &generatorForShapes)
                    .geometry(forInput: shape).outputShape
                try check("conv_transpose2d", config: transposed, inputShape: outputShape, seed: seed)
            }
        }
    }

    private var generatorForShapes = RandomGenerator(seed: 0)

    /// The textbook loops pass the same checks (the registry's layers run the fast code).
    func testTheNaiveLoopsPassTheGradientCheckToo() throws {
        var generator = RandomGenerator(seed: 5)
        var conv = Conv2D<Double>(inputChannels: 2, outputChannels: 3, kernelSize: (3, 2), stride: (2, 1), padding: (1, 1),
                                  generator: &generator)
        conv.algorithm = .naive
        let report = try checkLayerGradients(conv, input: .normal(shape: [2, 2, 6, 5], generator: &generator), op: "conv2d")
        XCTAssertTrue(report.passed, "max rel error \(report.maxRelativeError)")
        var transposed = ConvTranspose2D<Double>(inputChannels: 2, outputChannels: 3, kernelSize: (3, 2), stride: (2, 1),
                                                 padding: (1, 0), generator: &generator)
        transposed.algorithm = .naive
        let transposedReport = try checkLayerGradients(transposed, input: .normal(shape: [2, 2, 3, 4], generator: &generator),
                                                       op: "conv_transpose2d")
        XCTAssertTrue(transposedReport.passed, "max rel error \(transposedReport.maxRelativeError)")
    }

    // MARK: - Golden fixtures

    func convolutionFixtures() throws -> [(file: String, fixture: Fixture)] {
        try libraryFixtureFiles(in: goldenDataDirectory).compactMap { file in
            let fixture = try Fixture(contentsOf: file)
            return fixture.kind == "layer" && ["conv2d", "conv_transpose2d"].contains(fixture.op) ? (file, fixture) : nil
        }
    }

    func testEveryConvolutionFixtureMatchesPyTorch() throws {
        let runner = FixtureRunner(registry: registry)
        var counts: [String: Int] = [:]
        for (file, fixture) in try convolutionFixtures() {
            let result = runner.run(file: file)
            XCTAssertEqual(result.status, .passed, "\(result.name): \(result.status.reason ?? "")")
            let parameters = fixture.params.keys.sorted().map { "grads.\($0)" }
            XCTAssertEqual(result.comparisons.map(\.name).sorted(), (["outputs.y", "grads.x"] + parameters).sorted(), result.name)
            counts[fixture.op, default: 0] += 1
        }
        XCTAssertGreaterThanOrEqual(counts["conv2d"] ?? 0, 9)
        XCTAssertGreaterThanOrEqual(counts["conv_transpose2d"] ?? 0, 6)
    }

    /// The fixtures cover what differs between implementations: rectangular kernels, unequal
    /// strides and padding, strides larger than the kernel, no bias, and stride 1 (the direct path).
    func testFixturesCoverTheAwkwardConfigurations() throws {
        func pair(_ json: JSON?) -> [Int] {
            switch json {
            case .number(let n)?: return [Int(n), Int(n)]
            case .array(let values)?: return values.compactMap { if case .number(let n) = $0 { Int(n) } else { nil } }
            default: return [1, 1]
            }
        }
        for op in ["conv2d", "conv_transpose2d"] {
            let configs = try convolutionFixtures().map(\.fixture).filter { $0.op == op }.map(\.config)
            func covered(_ condition: (_ kernel: [Int], _ stride: [Int], _ padding: [Int]) -> Bool) -> Bool {
                configs.contains { condition(pair($0["kernel_size"]), pair($0["stride"]), pair($0["padding"])) }
            }
            XCTAssertTrue(covered { k, _, _ in k[0] != k[1] }, "\(op): a rectangular kernel")
            XCTAssertTrue(covered { _, s, _ in s[0] != s[1] }, "\(op): unequal strides")
            XCTAssertTrue(covered { _, _, p in p[0] != p[1] }, "\(op): unequal padding")
            XCTAssertTrue(covered { k, s, _ in s[0] > k[0] || s[1] > k[1] }, "\(op): a stride larger than the kernel")
            XCTAssertTrue(covered { _, s, _ in s == [1, 1] }, "\(op): stride 1")
            XCTAssertTrue(configs.contains { $0["bias"] == .bool(false) }, "\(op): no bias")
        }
    }
}
