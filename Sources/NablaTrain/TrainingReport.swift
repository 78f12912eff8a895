import Foundation
import NablaCore
import NablaData

/// One epoch's figures, as printed and as written to `--report`.
public struct EpochRecord: Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validationAccuracy: Double?
    public var testAccuracy: Double
    public var seconds: Double
    public var imagesPerSecond: Double

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, validationAccuracy: Double?,
                testAccuracy: Double, seconds: Double, imagesPerSecond: Double) {
        (self.epoch, self.trainLoss, self.trainAccuracy) = (epoch, trainLoss, trainAccuracy)
        (self.validationAccuracy, self.testAccuracy, self.seconds) = (validationAccuracy, testAccuracy, seconds)
        self.imagesPerSecond = imagesPerSecond
    }

    /// The record `json` wrote; nil when `json` is not one.
    init?(json: JSON) {
        guard case .number(let epoch)? = json["epoch"], case .number(let loss)? = json["train_loss"],
              case .number(let trainAccuracy)? = json["train_accuracy"], case .number(let testAccuracy)? = json["test_accuracy"],
              case .number(let seconds)? = json["seconds"], case .number(let rate)? = json["images_per_second"] else { return nil }
        var validation: Double?
        if case .number(let value)? = json["validation_accuracy"] { validation = value }
        self.init(epoch: Int(epoch), trainLoss: loss, trainAccuracy: trainAccuracy, validationAccuracy: validation,
                  testAccuracy: testAccuracy, seconds: seconds, imagesPerSecond: rate)
    }

    var json: JSON {
        .object(["epoch": .number(Double(epoch)), "train_loss": .number(trainLoss),
                 "train_accuracy": .number(trainAccuracy),
                 "validation_accuracy": validationAccuracy.map(JSON.number) ?? .null,
                 "test_accuracy": .number(testAccuracy), "seconds": .number(seconds),
                 "images_per_second": .number(imagesPerSecond)])
    }

    /// `epoch  3  loss 0.0712  train 97.85%  val 97.60%  test 97.71%  4.1 s  58.2k img/s`
    public var line: String {
        var text = String(format: "epoch %3d  loss %.4f  train %.2f%%", epoch, trainLoss, 100 * trainAccuracy)
        if let validationAccuracy { text += String(format: "  val %.2f%%", 100 * validationAccuracy) }
        text += String(format: "  test %.2f%%  %.1f s  %@ img/s", 100 * testAccuracy, seconds, formatRate(imagesPerSecond))
        return text
    }
}

/// What a training executable writes with `--report FILE.json` (accuracies as fractions 0–1).
public struct TrainingReport: Sendable {
    public var chapter: String
    public var config: [String: JSON]
    public var epochs: [EpochRecord] = []
    public var threads: Int
    public var seed: UInt64
    public var secondsTotal: Double = 0
    /// Why training ended before its last epoch (Ctrl-C, divergence); nil when it ran to the end.
    public var stopped: String?
    /// Every step's loss and rate, when the run was trained in this process (`TrainingSettings.train`
    /// sets it); not part of the JSON.
    public var history: TrainingHistory?

    public init(chapter: String, config: [String: JSON], threads: Int, seed: UInt64) {
        (self.chapter, self.config, self.threads, self.seed) = (chapter, config, threads, seed)
    }

    /// The report `json` wrote; nil when `json` is not one.
    public init?(json: JSON) {
        guard case .string(let chapter)? = json["chapter"], case .object(let config)? = json["config"],
              case .array(let epochs)? = json["epochs"], case .number(let threads)? = json["threads"],
              case .number(let seed)? = json["seed"], case .number(let seconds)? = json["seconds_total"],
              seed >= 0, seed < 0x1p64, threads >= 1, threads <= 65_536 else { return nil }
        self.init(chapter: chapter, config: config, threads: Int(threads), seed: UInt64(seed))
        let records = epochs.compactMap(EpochRecord.init(json:))
        guard records.count == epochs.count else { return nil }
        (self.epochs, secondsTotal) = (records, seconds)
        if case .string(let reason)? = json["stopped"] { stopped = reason }
    }

    public var testAccuracy: Double? { epochs.last?.testAccuracy }

    /// Prints the run's last line, `test accuracy 98.58% after 12 epochs in 15.3 s`, and writes the
    /// report to `path` when one is given (and says so).
    public func finish(writingTo path: String?) throws {
        print(String(format: "test accuracy %.2f%% after %d epochs in %.1f s", 100 * (testAccuracy ?? 0), epochs.count,
                     secondsTotal))
        if let path {
            try write(to: path)
            print("report written to \(path)")
        }
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "chapter": .string(chapter), "config": .object(config), "epochs": .array(epochs.map(\.json)),
            "test_accuracy": testAccuracy.map(JSON.number) ?? .null, "seconds_total": .number(secondsTotal),
            "threads": .number(Double(threads)), "seed": .number(Double(seed)),
        ]
        if let stopped { members["stopped"] = .string(stopped) }
        return .object(members)
    }

    /// Writes the report (see `OutputFile.write`): a regular file is replaced atomically (a
    /// temporary file, then a rename: never half a file); `/dev/stdout` or a pipe is written plainly.
    public func write(to path: String) throws(NablaError) {
        try OutputFile.write(Array((json.serialized() + "\n").utf8), to: path, hint: "choose another --report file")
    }
}
