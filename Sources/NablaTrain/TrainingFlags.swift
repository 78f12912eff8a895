import NablaCore

extension TrainingSettings {
    /// The command-line options of these settings, with their values as defaults: what `ch3-mlp`
    /// and `ch4-cnn` share. Given `epochsHelp`, `--epochs` has no default and that help instead
    /// (ch4's epochs depend on the model, chosen by another flag).
    public func options(epochsHelp: String? = nil) -> [OptionSpec] {
        [
            epochsHelp.map { .epochs(help: $0, default: nil) } ?? .epochs(default: epochs),
            .batchSize(default: batchSize),
            .learningRate(help: "Learning rate (the start of the schedule).", default: learningRate),
            OptionSpec("optimizer", .choice(OptimizerChoice.allCases.map(\.rawValue)),
                       help: "Optimizer; sgd uses --momentum. sgd is chapter 2's, the others chapter 7's.",
                       default: optimizer.rawValue),
            OptionSpec("momentum", .double, help: "Momentum of sgd.", default: String(momentum)),
            OptionSpec("weight-decay", .double, help: "Weight decay (L2 for sgd and adam, decoupled for adamw).",
                       default: String(weightDecay)),
            OptionSpec("schedule", .choice(["cosine", "none"]), help: "Learning-rate schedule over the epochs.",
                       default: cosineSchedule ? "cosine" : "none"),
            OptionSpec("validation", .int, help: "Training images held out for validation.", default: String(validationCount),
                       valueName: "n"),
            .seed(default: seed),
        ]
    }

    /// Reads the options of `options()` from parsed arguments; a value out of range ends the
    /// program with a usage error. (The optimizer checks its own settings when it is built.)
    public mutating func read(_ arguments: ParsedArguments, spec: CommandSpec) {
        if let value = arguments.int("epochs") { epochs = value }
        batchSize = arguments.int("batch-size")!
        learningRate = arguments.double("lr")!
        optimizer = OptimizerChoice(rawValue: arguments.string("optimizer")!)!
        momentum = arguments.double("momentum")!
        weightDecay = arguments.double("weight-decay")!
        cosineSchedule = arguments.string("schedule") == "cosine"
        validationCount = arguments.int("validation")!
        seed = arguments.uint64("seed")!
        dataset = arguments.dataset
        if epochs < 1 { spec.exitWithUsageError("--epochs must be at least 1, got \(epochs).") }
        if batchSize < 1 { spec.exitWithUsageError("--batch-size must be at least 1, got \(batchSize).") }
        if !(0..<dataset.trainingCount).contains(validationCount) {
            spec.exitWithUsageError("--validation must be in 0..<\(dataset.trainingCount) (the training images of "
                                    + "\(dataset.title)), got \(validationCount).")
        }
    }

    /// An optimizer's error about its settings (`'momentum' must be in [0, 1)`), in the words of
    /// the flags the user typed (`--momentum must be in [0, 1) (for --optimizer sgd).`).
    public static func flagMessage(for error: any Error) -> String {
        guard case NablaError.invalidConfig(let op, let message) = error else { return "\(error)" }
        let flags = message.replacingOccurrences(of: "'lr'", with: "--lr").replacingOccurrences(of: "'momentum'", with: "--momentum")
            .replacingOccurrences(of: "'weight_decay'", with: "--weight-decay")
        return "\(flags) (for --optimizer \(op))."
    }

    /// `sgd lr 0.05, batch 128, 12 epochs, cosine learning rate, seed 0`
    public var summary: String {
        "\(optimizer) lr \(learningRate), batch \(batchSize), \(epochs) epochs, "
            + "\(cosineSchedule ? "cosine" : "constant") learning rate, seed \(seed)"
    }
}
