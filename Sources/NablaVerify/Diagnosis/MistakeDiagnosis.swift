import Foundation
import NablaCore

/// The usual mistakes in a hand-written forward or backward pass, each recognisable from the
/// wrong answer and the right one alone (with the layer's input and upstream gradient as clues).
public enum Mistake: Equatable, Sendable {
    /// dW has the shape and values of the right answer transposed.
    case transposed
    /// Every value is the negative of the right one.
    case signFlipped
    /// Every value is N times, or 1/N times, the right one, N the batch size: a mean where a sum
    /// belongs, or the other way round.
    case batchSizeFactor
    /// Every value is the same multiple c ≠ 1 of the right one (a missing 2, a missing ½).
    case constantFactor
    /// One gradient per example (shape [N, …]) or only the first example's, where the sum over the
    /// batch belongs (a bias gradient).
    case notSummedOverBatch
    /// A sum over the wrong axis of the upstream gradient.
    case wrongAxis
    /// Right where the layer's input is positive, wrong elsewhere (the x ≤ 0 branch).
    case onlyRightWherePositive
    /// Right where the layer's input is ≤ 0, wrong elsewhere (the x > 0 branch).
    case onlyRightWhereNotPositive
    /// The right answer minus the upstream gradient: the identity path's share (a residual
    /// block's shortcut) is missing.
    case missingShortcut
    /// A whole term of the formula is missing (a penalty, a branch's share).
    case missingTerm
    /// A shape that fits none of the above.
    case wrongShape
    /// Values that fit none of the above.
    case differs
}

/// Which mistake fits, and a sentence for the learner with the numbers that show it.
public struct Diagnosis: Sendable, CustomStringConvertible {
    public let mistake: Mistake
    public let message: String
    public var description: String { message }
}

/// What is known about a tensor besides its two values: the clues that separate the mistakes.
public struct DiagnosisClues: Sendable {
    /// The layer's input x, when the tensor has its shape (dL/dx, y of an activation).
    public var input: Tensor<Double>?
    /// The upstream gradient dL/dy.
    public var upstream: Tensor<Double>?
    /// The batch size N.
    public var batchSize: Int?

    public init(input: Tensor<Double>? = nil, upstream: Tensor<Double>? = nil, batchSize: Int? = nil) {
        (self.input, self.upstream, self.batchSize) = (input, upstream, batchSize)
    }
}

/// Says which usual mistake turns `want` into `got`, or shows the first elements that differ.
/// Returns nil when the two agree (|got − want| ≤ atol + rtol·|want| everywhere).
///
/// The tests, in order: a shape that is the right one transposed, has an extra batch axis, or is
/// the upstream gradient summed over another axis; then, for equal shapes, got = c·want (c = −1:
/// the sign; c = N or 1/N: the batch mean; other c: a constant factor), got = wantᵀ, got = want − dy,
/// got = dy's first row, and errors confined to one side of x = 0.
public func diagnose(_ name: String, got: Tensor<Double>, want: Tensor<Double>, clues: DiagnosisClues = DiagnosisClues(),
                     rtol: Double = 1e-6, atol: Double = 1e-9) -> Diagnosis? {
    func agree(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
    }
    // A looser test for "is a multiple of": the fitted factor carries rounding of its own.
    func proportional(_ a: [Double], _ b: [Double]) -> Bool {
        let scale = max(b.map(abs).max() ?? 0, a.map(abs).max() ?? 0, 1e-12)
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * scale + atol }
    }
    let shown = "\(name) (shape \(describe(shape: want.shape)))"

    if got.shape != want.shape {
        if want.shape.count == 2, got.shape == [want.shape[1], want.shape[0]], agree(got.scalars, transpose(want).scalars) {
            return Diagnosis(mistake: .transposed, message: "\(name) is the right answer transposed (shape \(describe(shape: got.shape)) instead of \(describe(shape: want.shape))): for a weight gradient you probably computed xᵀ·dy instead of dyᵀ·x")
        }
        if got.shape.count == want.shape.count + 1, Array(got.shape.dropFirst()) == want.shape {
            return Diagnosis(mistake: .notSummedOverBatch, message: "\(name) has shape \(describe(shape: got.shape)), one gradient per example: the parameter is shared by the whole batch, so sum them over axis 0 to get shape \(describe(shape: want.shape))")
        }
        for (clue, what) in [(clues.upstream, "dL/dy"), (clues.input, "x")] {
            if let clue, let reduction = reduction(of: clue, matching: got) {
                return Diagnosis(mistake: .wrongAxis, message: "\(name) is \(what) \(reduction) (shape \(describe(shape: got.shape))); the right reduction gives shape \(describe(shape: want.shape)): check which axes you reduce")
            }
        }
        return Diagnosis(mistake: .wrongShape, message: "\(name) has shape \(describe(shape: got.shape)), expected \(describe(shape: want.shape))")
    }
    if agree(got.scalars, want.scalars) { return nil }

    let g = got.scalars, w = want.scalars
    // c = ⟨g, w⟩ / ⟨w, w⟩, the multiple of `want` closest to `got`
    let ww = w.reduce(0) { $0 + $1 * $1 }
    if ww > 0, g.allSatisfy(\.isFinite) {
        let c = zip(g, w).reduce(0) { $0 + $1.0 * $1.1 } / ww
        if abs(c) > 1e-9, proportional(g, w.map { c * $0 }) {
            let factor = formatFactor(c)
            if abs(c + 1) < 1e-6 {
                return Diagnosis(mistake: .signFlipped, message: "\(shown): the sign is flipped: every value is −1 × the expected one (a subtraction the wrong way round?)")
            }
            if let n = clues.batchSize, n > 1, abs(c - Double(n)) < 1e-6 * Double(n) || abs(c * Double(n) - 1) < 1e-6 {
                let how = c > 1 ? "N = \(n) times too large: a missing 1/N (the loss is a mean over the batch)"
                                : "N = \(n) times too small: divided by N where no mean belongs (or divided twice)"
                return Diagnosis(mistake: .batchSizeFactor, message: "\(shown) is \(how)")
            }
            return Diagnosis(mistake: .constantFactor, message: "\(shown) is off by a constant factor: every value is \(factor) × the expected one (a missing 2 from a square? a missing ½?)")
        }
    }
    if want.shape.count == 2, want.shape[0] == want.shape[1], agree(g, transpose(want).scalars) {
        return Diagnosis(mistake: .transposed, message: "\(shown) is the right answer transposed: for a weight gradient you probably computed xᵀ·dy instead of dyᵀ·x")
    }
    if let input = clues.input, input.shape == want.shape, agree(g, zip(w, input.scalars).map { $0 - $1 }) {
        return Diagnosis(mistake: .missingShortcut, message: "\(shown) is the right answer minus x: the shortcut's + x is missing")
    }
    if let upstream = clues.upstream {
        if upstream.shape == want.shape, agree(g, zip(w, upstream.scalars).map { $0 - $1 }) {
            return Diagnosis(mistake: .missingShortcut, message: "\(shown) is the right answer minus dL/dy: the gradient through the shortcut (the identity path, ∂y/∂x = I) is missing; add dL/dy")
        }
        if upstream.shape.count == want.shape.count + 1, Array(upstream.shape.dropFirst()) == want.shape,
           agree(g, Array(upstream.scalars.prefix(want.count))) {
            return Diagnosis(mistake: .notSummedOverBatch, message: "\(shown) is the first example's gradient only: sum dL/dy over the batch (axis 0)")
        }
    }
    let wrong = (0..<g.count).filter { !(abs(g[$0] - w[$0]) <= atol + rtol * abs(w[$0])) }
    if let input = clues.input, input.shape == want.shape, wrong.count < g.count {
        let negativeSideOnly = wrong.allSatisfy { input.scalars[$0] <= 0 }
        let positiveSideOnly = wrong.allSatisfy { input.scalars[$0] > 0 }
        let example = wrong[0]
        let numbers = "e.g. at \(index(example, in: want.shape)) (x = \(format(input.scalars[example]))): got \(format(g[example])), expected \(format(w[example]))"
        let positives = input.scalars.filter { $0 > 0 }.count
        if negativeSideOnly {
            return Diagnosis(mistake: .onlyRightWherePositive, message: "\(shown) is right where x > 0 and wrong at \(wrong.count) of the \(input.count - positives) elements where x ≤ 0: check the x ≤ 0 branch; \(numbers)")
        }
        if positiveSideOnly {
            return Diagnosis(mistake: .onlyRightWhereNotPositive, message: "\(shown) is right where x ≤ 0 and wrong at \(wrong.count) of the \(positives) elements where x > 0: check the x > 0 branch; \(numbers)")
        }
    }
    let first = wrong.prefix(3).map { "\(index($0, in: want.shape)): got \(format(g[$0])), expected \(format(w[$0]))" }
    let largest = zip(g, w).map { abs($0 - $1) }.max() ?? 0
    return Diagnosis(mistake: .differs, message: "\(shown) differs at \(wrong.count) of \(g.count) elements (largest |error| \(format(largest))); first: \(first.joined(separator: "; "))")
}

private func transpose(_ t: Tensor<Double>) -> Tensor<Double> {
    let (rows, columns) = (t.shape[0], t.shape[1])
    var out = [Double](repeating: 0, count: t.count)
    for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = t.scalars[r * columns + c] } }
    return Tensor(shape: [columns, rows], scalars: out)
}

/// "summed over axes 1, 2" when the sum (or mean) of `tensor` over some of its axes equals
/// `candidate`, nil when none does.
private func reduction(of tensor: Tensor<Double>, matching candidate: Tensor<Double>) -> String? {
    let removed = tensor.rank - candidate.rank
    guard removed >= 1, removed <= 2 else { return nil }
    var subsets: [[Int]] = tensor.shape.indices.map { [$0] }
    if removed == 2 { subsets = tensor.shape.indices.flatMap { a in (a + 1..<tensor.rank).map { [a, $0] } } }
    for axes in subsets {
        var sum = tensor
        for axis in axes.reversed() { sum = sum.sum(axis: axis) }
        guard sum.shape == candidate.shape else { continue }
        let count = Double(axes.reduce(1) { $0 * tensor.shape[$1] })
        let list = axes.map(String.init).joined(separator: ", ")
        for (scale, verb) in [(1.0, "summed"), (1 / count, "averaged")] {
            if zip(sum.scalars, candidate.scalars).allSatisfy({ abs(scale * $0 - $1) <= 1e-9 + 1e-6 * abs($1) }) {
                return "\(verb) over \(axes.count > 1 ? "axes" : "axis") \(list)"
            }
        }
    }
    return nil
}

/// A flat index as [i, j, …] in `shape`.
func index(_ flat: Int, in shape: [Int]) -> String {
    var rest = flat, parts: [Int] = []
    for size in shape.reversed() {
        parts.append(rest % max(size, 1))
        rest /= max(size, 1)
    }
    return "[" + parts.reversed().map(String.init).joined(separator: ", ") + "]"
}

func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e6 ? String(Int(value)) : String(format: "%.6g", value)
}

private func formatFactor(_ c: Double) -> String {
    for (value, text) in [(2.0, "2"), (0.5, "½"), (-2, "−2"), (-0.5, "−½")] where abs(c - value) < 1e-6 { return text }
    return format(c)
}
