import Deep
import NablaCore

/// Chapter 8's exercises: the residual unit as its authors revised it.
public enum DeepExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 8, library: "Deep", name) }

    public static var preActBlock: Exercise<LayerMaker> {
        .layer(chapter: 8, number: 1, title: "The pre-activation residual unit", file: file("PreActBlock"),
               op: OpDescription("preact_block", "y = x + conv2(ReLU(bn2(conv1(ReLU(bn1(x))))))", exampleConfig: ["channels": .number(2)],
                                 exampleInputShape: [2, 2, 4, 4])) { config, generator in
            PreActBlock<Double>(channels: try positive(config, "channels"), generator: &generator)
        }
    }

    public static var all: [AnyExercise] { [preActBlock.erased] }
}
