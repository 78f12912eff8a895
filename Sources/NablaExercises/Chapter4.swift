import CNN
import NablaCore

/// Chapter 4's exercises: the pieces of modern CNNs that LeNet lacks.
public enum CNNExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 4, library: "CNN", name) }

    public static var globalAvgPool: Exercise<LayerMaker> {
        .layer(chapter: 4, number: 1, title: "Global average pooling", file: file("GlobalAvgPool2D"),
               op: OpDescription("global_avg_pool2d", "y[n, c] = mean over h, w of x[n, c, h, w]", exampleInputShape: [3, 2, 4, 5])) { _, _ in
            GlobalAvgPool2D<Double>()
        }
    }

    public static var residualBlock: Exercise<LayerMaker> {
        .layer(chapter: 4, number: 2, title: "A residual block", file: file("ResidualBlock"),
               op: OpDescription("residual_block", "y = x + conv2(ReLU(conv1(x)))", exampleConfig: ["channels": .number(2)],
                                 exampleInputShape: [2, 2, 4, 4])) { config, generator in
            ResidualBlock<Double>(channels: try positive(config, "channels"), generator: &generator)
        }
    }

    public static var depthwiseConv: Exercise<LayerMaker> {
        .layer(chapter: 4, number: 3, title: "Depthwise convolution", file: file("DepthwiseConv2D"),
               op: OpDescription("depthwise_conv2d", "one K×K filter per channel (groups = C)",
                                 exampleConfig: ["channels": .number(2), "kernel_size": .number(3), "padding": .number(1)],
                                 exampleInputShape: [2, 2, 4, 5])) { config, generator in
            DepthwiseConv2D<Double>(channels: try positive(config, "channels"), kernelSize: try positive(config, "kernel_size"),
                                    padding: try config.int("padding", default: 0), generator: &generator)
        }
    }

    public static var all: [AnyExercise] { [globalAvgPool.erased, residualBlock.erased, depthwiseConv.erased] }
}

/// A configuration size that must be at least 1.
func positive(_ config: Config, _ key: String) throws -> Int {
    let value = try config.int(key)
    guard value >= 1 else { throw NablaError.invalidConfig(op: config.op, message: "\(key) must be at least 1, got \(value)") }
    return value
}
