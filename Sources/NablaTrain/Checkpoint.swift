import Foundation
import NablaCore
import NablaData

/// A training run kept in a safetensors file (`SafeTensors`, NablaData), written after every
/// epoch with `--save FILE` and read back with `--resume FILE`:
///
/// - the model's parameters and buffers under PyTorch's state_dict names (`0.weight`,
///   `3.running_mean`), so `torch.nn.Module.load_state_dict` of the same architecture loads them
///   (`Tools/checkpoint/load_in_pytorch.py` proves it);
/// - the optimizer's state under `optimizer.<parameter>.<name>` (`optimizer.0.weight.momentum_buffer`,
///   PyTorch's names for each optimizer's state);
/// - in the header's `__metadata__`: the format, the run's report so far (its settings, model and
///   epochs), the epochs trained, the trainer's random-generator state, the pixel normalisation,
///   the input shape and the model summary.
///
/// Resuming from it continues the run exactly: the final weights and report are bitwise those of
/// the run that was never stopped.
public struct Checkpoint: Sendable {
    /// The model's tensors: parameters then buffers, state_dict names.
    public var model: Parameters<Float>
    /// The optimizer's state of each parameter it has updated, by parameter name.
    public var optimizerState: [String: [String: Tensor<Float>]]
    public var epochsTrained: Int
    /// The trainer's generator after `epochsTrained` epochs (it draws each epoch's order).
    public var generator: RandomGenerator
    /// The report of the epochs trained, with the run's settings (`config`) and chapter.
    public var report: TrainingReport
    public var normalization: Normalization
    /// One example's shape, `[784]` or `[1, 28, 28]`.
    public var inputShape: [Int]
    /// The model's layer-by-layer summary, for a person reading the header.
    public var summary: String

    /// The value of `__metadata__["format"]`.
    public static let format = "nabla-checkpoint-1"
    /// The prefix of the optimizer's tensors.
    static let optimizerPrefix = "optimizer."

    public init(model: Parameters<Float>, optimizerState: [String: [String: Tensor<Float>]], epochsTrained: Int,
                generator: RandomGenerator, report: TrainingReport, normalization: Normalization, inputShape: [Int],
                summary: String) {
        (self.model, self.optimizerState, self.epochsTrained, self.generator) = (model, optimizerState, epochsTrained, generator)
        (self.report, self.normalization, self.inputShape, self.summary) = (report, normalization, inputShape, summary)
    }

    /// The file's tensors and metadata.
    public var safeTensors: SafeTensors {
        var file = SafeTensors()
        for (name, tensor) in model.pairs { file.append(name, shape: tensor.shape, floats: tensor.scalars) }
        for key in optimizerState.keys.sorted() {
            for (name, tensor) in optimizerState[key]!.sorted(by: { $0.key < $1.key }) {
                file.append(Self.optimizerPrefix + key + "." + name, shape: tensor.shape, floats: tensor.scalars)
            }
        }
        file.metadata = [
            "format": Self.format, "epochs_trained": String(epochsTrained), "generator": generator.savedState,
            "report": report.json.serialized(indent: nil),
            "normalization": JSON.object(["mean": .number(normalization.mean),
                                          "standard_deviation": .number(normalization.standardDeviation)]).serialized(indent: nil),
            "input_shape": JSON.array(inputShape.map { .number(Double($0)) }).serialized(indent: nil),
            "summary": summary,
        ]
        return file
    }

    /// Writes the checkpoint to `path` (`OutputFile.write`: a regular file is replaced atomically,
    /// so a run stopped while saving keeps the last complete checkpoint).
    public func write(to path: String) throws(NablaError) {
        try OutputFile.write(safeTensors.encoded(), to: path, hint: "choose another --save file")
    }

    /// Reads a checkpoint written by `write`. Throws, naming the file, when it is not a safetensors
    /// file, or not one Nabla wrote (a model saved elsewhere has no run to resume).
    public static func read(from path: String) throws(NablaError) -> Checkpoint {
        let bytes: [UInt8]
        do { bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw NablaError.io(file: path, message: "cannot be read (\(OutputFile.reasonOf(error))): check the path")
        }
        return try Checkpoint(SafeTensors.decode(bytes, file: path), file: path)
    }

    /// The checkpoint held by `file`; `path` names it in errors.
    public init(_ file: SafeTensors, file path: String) throws(NablaError) {
        func bad(_ message: String) -> NablaError { .malformed(file: path, message: message) }
        guard file.metadata["format"] == Self.format else {
            throw bad("is a safetensors file but not a Nabla checkpoint (its metadata has no format \(Self.format)): "
                      + "it holds weights, not a run to resume")
        }
        func metadata(_ key: String) throws(NablaError) -> String {
            guard let value = file.metadata[key] else { throw bad("the checkpoint's metadata lacks '\(key)'") }
            return value
        }
        func json(_ key: String) throws(NablaError) -> JSON {
            do { return try JSON.parse(try metadata(key), file: "\(path) metadata '\(key)'") } catch { throw bad("metadata '\(key)' is not JSON") }
        }
        guard let epochs = Int(try metadata("epochs_trained")), epochs >= 0 else { throw bad("metadata 'epochs_trained' is not a count") }
        guard let generator = RandomGenerator(savedState: try metadata("generator")) else {
            throw bad("metadata 'generator' is not a random generator's state")
        }
        guard let report = TrainingReport(json: try json("report")) else { throw bad("metadata 'report' is not a training report") }
        let normalizationJSON = try json("normalization")
        guard case .number(let mean)? = normalizationJSON["mean"], case .number(let deviation)? = normalizationJSON["standard_deviation"],
              mean.isFinite, deviation.isFinite, deviation > 0 else {
            throw bad("metadata 'normalization' lacks a mean and a positive standard deviation")
        }
        guard case .array(let dimensions) = try json("input_shape"),
              let shape = Optional(dimensions.compactMap { value -> Int? in
                  if case .number(let n) = value, n >= 1, n <= 1_048_576, n.rounded() == n { return Int(n) }
                  return nil
              }), shape.count == dimensions.count, !shape.isEmpty else {
            throw bad("metadata 'input_shape' is not a shape")
        }
        var model = Parameters<Float>(), state: [String: [String: Tensor<Float>]] = [:]
        for entry in file.entries {
            let (shape, values) = try file.floats(entry.name, file: path)
            let tensor = Tensor(shape: shape, scalars: values)
            if entry.name.hasPrefix(Self.optimizerPrefix) {
                let rest = entry.name.dropFirst(Self.optimizerPrefix.count)
                guard let dot = rest.lastIndex(of: ".") else { throw bad("optimizer tensor '\(entry.name)' names no parameter") }
                state[String(rest[..<dot]), default: [:]][String(rest[rest.index(after: dot)...])] = tensor
            } else {
                model.append(entry.name, tensor)
            }
        }
        self.init(model: model, optimizerState: state, epochsTrained: epochs, generator: generator, report: report,
                  normalization: Normalization(mean: mean, standardDeviation: deviation), inputShape: shape,
                  summary: file.metadata["summary"] ?? "")
    }
}

extension Checkpoint {
    /// Throws unless this checkpoint was saved by a run with `report`'s chapter, settings and seed
    /// (the epochs may differ: a run can be continued for longer), naming each setting that differs.
    public func requireSameRun(as report: TrainingReport, file: String) throws {
        var differences: [String] = []
        if self.report.chapter != report.chapter { differences.append("chapter \(report.chapter), saved \(self.report.chapter)") }
        if self.report.seed != report.seed { differences.append("seed \(report.seed), saved \(self.report.seed)") }
        for key in Set(self.report.config.keys).union(report.config.keys).sorted() where key != "epochs" {
            let now = report.config[key]?.serialized(indent: nil) ?? "none", saved = self.report.config[key]?.serialized(indent: nil) ?? "none"
            if now != saved { differences.append("\(key) \(now), saved \(saved)") }
        }
        guard differences.isEmpty else {
            throw NablaError.unsupported("\(file): this run's settings differ from the saved run's (\(differences.joined(separator: "; "))): "
                                         + "resume with the flags it was saved with (only --epochs may change)")
        }
    }
}

extension ClassifierTrainer {
    /// The trainer as a checkpoint: its model's parameters and buffers, its optimizer's state, its
    /// epochs and generator, with `report` (the epochs so far) and how the data were fed to it.
    public func checkpoint(report: TrainingReport, normalization: Normalization, inputShape: [Int]) -> Checkpoint {
        var model = self.model.parameters
        for (name, tensor) in self.model.buffers.pairs { model.append(name, tensor) }
        var state: [String: [String: Tensor<Float>]] = [:]
        if let stateful = optimizer as? any StatefulOptimizer<Float> {
            for name in self.model.parameters.names {
                let own = stateful.state(forKey: name)
                if !own.isEmpty { state[name] = own }
            }
        }
        return Checkpoint(model: model, optimizerState: state, epochsTrained: epochsTrained, generator: generator,
                          report: report, normalization: normalization, inputShape: inputShape,
                          summary: (try? modelSummary(self.model, inputShape: inputShape)) ?? "")
    }

    /// Continues from `checkpoint` (read from `file`): the model's tensors, the optimizer's state,
    /// the epochs trained and the generator. Throws, naming the file and the tensor, when the
    /// checkpoint holds another model: a tensor missing or left over, or of another shape.
    public mutating func restore(_ checkpoint: Checkpoint, file: String) throws {
        try model.loadStateDict(checkpoint.model, file: file, savedSummary: checkpoint.summary)
        let parameters = model.parameters
        if !checkpoint.optimizerState.isEmpty {
            guard var stateful = optimizer as? any StatefulOptimizer<Float> else {
                throw NablaError.unsupported("\(file): holds optimizer state, but \(type(of: optimizer)) keeps none: resume with the optimizer it was saved with")
            }
            for (key, state) in checkpoint.optimizerState.sorted(by: { $0.key < $1.key }) {
                guard let parameter = parameters.tensor(named: key) else {
                    throw NablaError.malformed(file: file, message: "holds optimizer state for '\(key)', which this model does not have")
                }
                do { try stateful.setState(state, forKey: key, parameterShape: parameter.shape) } catch {
                    throw NablaError.malformed(file: file, message: "its optimizer state does not fit this optimizer: \(error)")
                }
            }
            optimizer = stateful
        }
        epochsTrained = checkpoint.epochsTrained
        generator = checkpoint.generator
    }
}

extension Sequential<Float> {
    /// PyTorch's `load_state_dict(strict=True)`: every parameter and buffer of this model from the
    /// tensor of the same name in `tensors` (read from `file`). Throws, naming the file and the
    /// tensor, when one is missing or left over, or has another shape (`savedSummary`, the summary
    /// of the model they came from, is added to the message).
    public mutating func loadStateDict(_ tensors: Parameters<Float>, file: String, savedSummary: String = "") throws {
        let own = parameters.pairs + buffers.pairs
        let ownNames = Set(own.map(\.name))
        let saved = savedSummary.isEmpty ? "" : "\nThe saved model:\n\(savedSummary)"
        if let extra = tensors.names.first(where: { !ownNames.contains($0) }) {
            throw NablaError.shapeMismatch(layer: file, message: "holds tensor '\(extra)', which this model does not have: "
                                           + "it was saved from another model\(saved)")
        }
        for (name, tensor) in own {
            guard let stored = tensors.tensor(named: name) else {
                throw NablaError.shapeMismatch(layer: file, message: "has no tensor '\(name)', which this model needs: "
                                               + "it was saved from another model\(saved)")
            }
            guard stored.shape == tensor.shape else {
                throw NablaError.shapeMismatch(layer: file, message: "tensor '\(name)' is \(describe(shape: stored.shape)) in the "
                                               + "checkpoint, \(describe(shape: tensor.shape)) in this model: it was saved from another model")
            }
        }
        var newParameters = Parameters<Float>(), newBuffers = Parameters<Float>()
        for name in parameters.names { newParameters.append(name, tensors[name]) }
        for name in buffers.names { newBuffers.append(name, tensors[name]) }
        parameters = newParameters
        buffers = newBuffers
    }
}
