import Backprop
import NablaCore

/// Chapter 2's exercises: new layers, each written forward and backward by hand.
public enum BackpropExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 2, library: "Backprop", name) }

    public static var silu: Exercise<LayerMaker> {
        .layer(chapter: 2, number: 1, title: "SiLU (Swish)", file: file("SiLU"),
               op: OpDescription("silu", "y = x·σ(x)", exampleInputShape: [4, 5])) { _, _ in SiLU<Double>() }
    }

    public static var elu: Exercise<LayerMaker> {
        .layer(chapter: 2, number: 2, title: "ELU", file: file("ELU"),
               op: OpDescription("elu", "y = x if x > 0 else α(eˣ − 1)", exampleConfig: ["alpha": .number(1)], exampleInputShape: [4, 5])) { config, _ in
            ELU<Double>(alpha: try config.double("alpha", default: 1))
        }
    }

    public static var gelu: Exercise<LayerMaker> {
        .layer(chapter: 2, number: 3, title: "GELU (tanh form)", file: file("GELU"),
               op: OpDescription("gelu", "y = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))", exampleConfig: ["approximate": .string("tanh")],
                                 exampleInputShape: [4, 5])) { config, _ in
            let approximate = try config.string("approximate")
            guard approximate == "tanh" else {
                throw NablaError.unsupported("gelu with approximate=\"\(approximate)\" (the exercise writes the tanh form)")
            }
            return GELU<Double>()
        }
    }

    public static var softplus: Exercise<LayerMaker> {
        .layer(chapter: 2, number: 4, title: "Softplus", file: file("Softplus"),
               op: OpDescription("softplus", "y = log(1 + e^(βx))/β", exampleConfig: ["beta": .number(1), "threshold": .number(20)],
                                 exampleInputShape: [4, 5])) { config, _ in
            Softplus<Double>(beta: try config.double("beta", default: 1), threshold: try config.double("threshold", default: 20))
        }
    }

    public static var prelu: Exercise<LayerMaker> {
        .layer(chapter: 2, number: 5, title: "PReLU, a learned slope", file: file("PReLU"),
               op: OpDescription("prelu", "y = x if x > 0 else a·x, a learned", exampleConfig: ["num_parameters": .number(3), "init": .number(0.25)],
                                 exampleInputShape: [4, 3, 2])) { config, _ in
            PReLU<Double>(numParameters: try config.int("num_parameters", default: 1), initialSlope: try config.double("init", default: 0.25))
        }
    }

    public static var all: [AnyExercise] { [silu.erased, elu.erased, gelu.erased, softplus.erased, prelu.erased] }
}
