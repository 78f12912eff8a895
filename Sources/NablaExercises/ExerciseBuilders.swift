import Foundation
import NablaCore
import NablaVerify

/// The file of an exercise's stub, from its chapter and type name.
func stubFile(chapter: Int, library: String, _ name: String) -> String {
    "\(chapterFolder(chapter))/Sources/\(library)/Exercises/\(name).swift"
}

extension Exercise {
    /// An exercise that writes the op `op`: named after it (`huber_loss` → `huber-loss`), checked by `checks`.
    static func op(chapter: Int, number: Int, title: String, file: String, op: OpDescription, runs: String,
                   stub: Implementation, checks: [ExerciseCheck<Implementation>]) -> Exercise {
        Exercise(ExerciseInfo(chapter: chapter, number: number, name: op.name.replacingOccurrences(of: "_", with: "-"), title: title,
                              file: file, checks: runs), stub: stub, checks: checks)
    }
}

extension Exercise where Implementation == LayerMaker {
    /// A layer exercise: its PyTorch fixtures, then the gradient check.
    static func layer(chapter: Int, number: Int, title: String, file: String, op: OpDescription,
                      stub: @escaping LayerMaker) -> Exercise {
        .op(chapter: chapter, number: number, title: title, file: file, op: op,
            runs: "PyTorch fixtures (forward and every gradient), gradient check in Double", stub: stub, checks: OpChecks.layer(op))
    }
}

extension Exercise where Implementation == LossMaker {
    /// A loss exercise: its PyTorch fixtures, then the gradient check.
    static func loss(chapter: Int, number: Int, title: String, file: String, op: OpDescription, targetKind: TargetKind,
                     stub: @escaping LossMaker) -> Exercise {
        .op(chapter: chapter, number: number, title: title, file: file, op: op,
            runs: "PyTorch fixtures (loss and gradient), gradient check in Double", stub: stub, checks: OpChecks.loss(op, targetKind: targetKind))
    }
}

extension Exercise where Implementation == OptimizerMaker {
    /// An optimizer exercise: its PyTorch fixtures, step by step.
    static func optimizer(chapter: Int, number: Int, title: String, file: String, op: OpDescription,
                          stub: @escaping OptimizerMaker) -> Exercise {
        .op(chapter: chapter, number: number, title: title, file: file, op: op,
            runs: "PyTorch fixtures (parameters after every step)", stub: stub, checks: OpChecks.optimizer(op))
    }
}
