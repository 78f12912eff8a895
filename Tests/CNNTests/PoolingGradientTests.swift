import XCTest
import NablaCore
import NablaVerify
import CNN

/// Finite differences in float64 agree with each pooling layer's backward, over several
/// configurations and seeds. Random normal inputs have no ties, so max pooling has no kinks there.
final class PoolingGradientTests: XCTestCase {
    let registry = poolingRegistry(Double.self)

    func pair(_ h: Int, _ w: Int) -> JSON { .array([.number(Double(h)), .number(Double(w))]) }

    func check(_ op: String, _ config: [String: JSON]?, shape: [Int]?, seeds: [UInt64] = [0, 1, 2],
               file: StaticString = #filePath, line: UInt = #line) throws {
        for seed in seeds {
            var options = GradientCheckOptions()
            options.seed = seed
            options.samplesPerTensor = 40
            let report = try checkGradients(op: op, registry: registry, inputShape: shape, config: config, options: options)
            let what = "\(op) \(config.map { "\($0)" } ?? "example config") \(shape ?? []) seed \(seed)"
            XCTAssertTrue(report.passed, "\(what): max relative error \(report.maxRelativeError)", file: file, line: line)
            XCTAssertLessThan(report.maxRelativeError, 1e-8, what, file: file, line: line)
            XCTAssertEqual(report.kinkCount, 0, "\(what): kinks at \(report.tensors.map(\.kinkIndices))", file: file, line: line)
        }
    }

    func testMaxPoolGradients() throws {
        try check("max_pool2d", nil, shape: nil)
        try check("max_pool2d", ["kernel_size": .number(2)], shape: [2, 3, 6, 7])
        try check("max_pool2d", ["kernel_size": .number(3), "stride": .number(1), "padding": .number(1)], shape: [1, 2, 5, 4])
        try check("max_pool2d", ["kernel_size": pair(2, 3), "stride": pair(3, 4), "padding": pair(1, 0)], shape: [2, 2, 8, 9])
    }

    func testAvgPoolGradients() throws {
        try check("avg_pool2d", nil, shape: nil)
        try check("avg_pool2d", ["kernel_size": .number(2)], shape: [2, 3, 6, 7])
        try check("avg_pool2d", ["kernel_size": .number(3), "stride": .number(1), "padding": .number(1)], shape: [1, 2, 5, 4])
        try check("avg_pool2d", ["kernel_size": pair(4, 1), "stride": pair(1, 2), "padding": pair(2, 0)], shape: [2, 1, 6, 5])
    }

    func testUpsampleGradients() throws {
        try check("upsample_nearest2d", nil, shape: nil)
        try check("upsample_nearest2d", ["scale_factor": .number(3)], shape: [2, 1, 3, 2])
        try check("upsample_nearest2d", ["scale_factor": pair(1, 2)], shape: [1, 3, 4, 3])
    }

    /// At a tie the max has a kink: nudging one of the tied cells up changes the output, nudging it
    /// down does not. The checker reports such points instead of comparing them.
    func testTiesInMaxPoolAreReportedAsKinks() throws {
        let layer = try MaxPool2D<Double>(kernelSize: (2, 2))
        let report = try checkLayerGradients(layer, input: Tensor(zeros: [1, 1, 2, 4]), op: "max_pool2d")
        XCTAssertEqual(report.kinkCount, 8, "every cell of an all-zero input sits at a tie")
        XCTAssertFalse(report.passed, "a check with nothing but kinks proves nothing")
    }
}
