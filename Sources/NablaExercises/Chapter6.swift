import Foundation
import Initialization
import NablaCore

/// Chapter 6's exercises: three initialisers, checked by the statistics of what they draw
/// (random draws cannot be compared with PyTorch's number by number).
public enum InitializationExercises {
    static func file(_ name: String) -> String { stubFile(chapter: 6, library: "Initialization", name) }

    /// An initialiser as the exercises call it: a shape and a generator in, weights out.
    public typealias Draw = (_ shape: [Int], _ generator: inout RandomGenerator) throws -> Tensor<Double>
    public typealias OrthogonalDraw = (_ shape: [Int], _ gain: Double, _ generator: inout RandomGenerator) throws -> Tensor<Double>

    public static var lecunNormal: Exercise<Draw> {
        Exercise(ExerciseInfo(chapter: 6, number: 1, name: "lecun-normal", title: "LeCun normal initialisation", file: file("LeCunNormal"),
                              checks: "mean, standard deviation (1/√fan_in) and kurtosis (3: a normal) of 131,072 and 18,432 draws, within 5 standard errors; seeded"),
                 stub: { try Initialization.lecunNormal(shape: $0, generator: &$1) },
                 checks: [ExerciseCheck("statistics") { draw, _ in
                    var results: [CheckResult] = []
                    for shape in [[256, 512], [64, 32, 3, 3]] {
                        var generator = RandomGenerator(seed: 16)
                        let w = try draw(shape, &generator)
                        let fans = Fans(weightShape: shape)
                        results += normalStatistics("\(describe(shape: shape))", w, shape: shape, mean: 0,
                                                    std: 1 / Double(fans.fanIn).squareRoot(), stdName: "1/√fan_in = 1/√\(fans.fanIn)",
                                                    alternatives: [(1 / Double(fans.fanOut).squareRoot(), "1/√fan_out: use fan_in"),
                                                                   (1 / Double(fans.fanIn), "1/fan_in: that is the variance, σ is its square root"),
                                                                   (2 / Double(fans.fanIn).squareRoot(), "2/√fan_in")])
                    }
                    results.append(try seeded(draw))
                    return results
                 }])
    }

    public static var orthogonal: Exercise<OrthogonalDraw> {
        Exercise(ExerciseInfo(chapter: 6, number: 2, name: "orthogonal", title: "Orthogonal initialisation", file: file("Orthogonal"),
                              checks: "W Wᵀ (or Wᵀ W) = gain²·I for [6, 4], [4, 6] with gain 2, [8, 2, 3, 3]; random and seeded"),
                 stub: { try Initialization.orthogonal(shape: $0, gain: $1, generator: &$2) },
                 checks: [ExerciseCheck("orthonormal") { draw, _ in
                    var results: [CheckResult] = []
                    for (shape, gain) in [([6, 4], 1.0), ([4, 6], 2.0), ([8, 2, 3, 3], 1.0)] {
                        var generator = RandomGenerator(seed: 17)
                        let w = try draw(shape, gain, &generator)
                        let name = "\(describe(shape: shape)), gain \(String(format: "%g", gain))"
                        guard w.shape == shape else {
                            results.append(.failed(name, "the result has shape \(describe(shape: w.shape))", mistake: .wrongShape))
                            continue
                        }
                        let rows = shape[0], cols = w.count / rows
                        let matrix = w.reshaped([rows, cols])
                        // the Gram matrix of the shorter side
                        let gram = rows <= cols ? matmul(matrix, matrix, transposeB: true) : matmul(matrix, matrix, transposeA: true)
                        let size = min(rows, cols)
                        let worst = (0..<size * size).map { abs(gram.scalars[$0] - ($0 / size == $0 % size ? gain * gain : 0)) }.max()!
                        let diagonal = (0..<size).map { gram.scalars[$0 * size + $0] }
                        var detail = "largest |\(rows <= cols ? "W Wᵀ" : "Wᵀ W") − gain²·I| = " + String(format: "%.1e", worst)
                        if worst > 1e-9 * gain * gain {
                            let offDiagonal = (0..<size * size).filter { $0 / size != $0 % size }.map { abs(gram.scalars[$0]) }.max() ?? 0
                            if offDiagonal <= 1e-9 * gain * gain, diagonal.allSatisfy({ abs($0 - diagonal[0]) <= 1e-9 * abs(diagonal[0]) }) {
                                detail += String(format: ": orthogonal, but each vector has squared length %.6g instead of gain² = %.6g", diagonal[0], gain * gain)
                            } else if offDiagonal <= 1e-9 * max(1, diagonal.max()!) {
                                detail += ": the vectors are orthogonal but not all of the same length: normalise each"
                            }
                        }
                        results.append(.expect(worst <= 1e-9 * gain * gain, name, detail))
                    }
                    results.append(try seeded { shape, generator in try draw(shape, 1, &generator) })
                    return results
                 }])
    }

    /// Mean, standard deviation and bounds of the truncated normal of exercise 6.3.
    public static let truncation = (mean: 0.5, std: 2.0, a: -1.0, b: 3.0)

    public static var truncatedNormal: Exercise<Draw> {
        Exercise(ExerciseInfo(chapter: 6, number: 3, name: "truncated-normal", title: "The truncated normal", file: file("TruncatedNormal"),
                              checks: "200,000 draws of N(0.5, 2²) on [−1, 3]: inside the bounds, none on them, mean and standard deviation of the truncated distribution"),
                 stub: { try Initialization.truncatedNormal(shape: $0, mean: truncation.mean, std: truncation.std, a: truncation.a, b: truncation.b, generator: &$1) },
                 checks: [ExerciseCheck("statistics") { draw, _ in
                    var generator = RandomGenerator(seed: 18)
                    let (mu, sigma, a, b) = truncation
                    let w = try draw([200_000], &generator)
                    guard w.shape == [200_000] else { return [.failed("shape", "the result has shape \(describe(shape: w.shape)), expected [200000]", mistake: .wrongShape)] }
                    let outside = w.scalars.filter { $0 < a || $0 > b }.count
                    let onBounds = w.scalars.filter { $0 == a || $0 == b }.count
                    // α = (a − μ)/σ, β = (b − μ)/σ, Z = Φ(β) − Φ(α)
                    let (alpha, beta) = ((a - mu) / sigma, (b - mu) / sigma)
                    func phi(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
                    func cdf(_ z: Double) -> Double { 0.5 * (1 + erf(z / 2.squareRoot())) }
                    let z = cdf(beta) - cdf(alpha)
                    // E = μ + σ(φ(α) − φ(β))/Z,  Var = σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²]
                    let expectedMean = mu + sigma * (phi(alpha) - phi(beta)) / z
                    let expectedStd = sigma * (1 + (alpha * phi(alpha) - beta * phi(beta)) / z - pow((phi(alpha) - phi(beta)) / z, 2)).squareRoot()
                    let (mean, std, _) = moments(w.scalars)
                    let n = Double(w.count)
                    return [
                        .expect(outside == 0, "inside [a, b]", outside == 0 ? "all 200,000 values in [−1, 3]" : "\(outside) values outside [−1, 3]"),
                        .expect(onBounds == 0, "none on the bounds", onBounds == 0 ? "no value equals a bound exactly"
                                : "\(onBounds) values equal a bound exactly: clipping piles them there; draw again instead"),
                        .expect(abs(mean - expectedMean) <= 5 * expectedStd / n.squareRoot(), "mean",
                                String(format: "%.4f (the truncated distribution's: %.4f)", mean, expectedMean)),
                        .expect(abs(std - expectedStd) <= 5 * expectedStd / (2 * n).squareRoot(), "standard deviation",
                                String(format: "%.4f (the truncated distribution's: %.4f; σ = %.1f before truncation)", std, expectedStd, sigma)),
                    ]
                 }])
    }

    public static var all: [AnyExercise] { [lecunNormal.erased, orthogonal.erased, truncatedNormal.erased] }
}

/// Mean, standard deviation and kurtosis E[(x − μ)⁴]/σ⁴.
func moments(_ values: [Double]) -> (mean: Double, std: Double, kurtosis: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    let fourth = values.reduce(0) { $0 + pow($1 - mean, 4) } / n
    return (mean, variance.squareRoot(), fourth / (variance * variance))
}

/// The checks of draws from N(mean, std²): the mean and σ within 5 standard errors, the kurtosis
/// within 5 standard errors of 3 (a uniform's is 1.8). A wrong σ that matches a usual mistake says so.
func normalStatistics(_ name: String, _ w: Tensor<Double>, shape: [Int], mean expectedMean: Double, std expectedStd: Double,
                      stdName: String, alternatives: [(Double, String)]) -> [CheckResult] {
    guard w.shape == shape else { return [.failed(name, "the result has shape \(describe(shape: w.shape))", mistake: .wrongShape)] }
    let (mean, std, kurtosis) = moments(w.scalars)
    let n = Double(w.count)
    var stdDetail = String(format: "%.5f", std) + " (\(stdName) = " + String(format: "%.5f)", expectedStd)
    let stdOK = abs(std - expectedStd) <= 5 * expectedStd / (2 * n).squareRoot()
    if !stdOK, let match = alternatives.first(where: { abs(std - $0.0) <= 5 * $0.0 / (2 * n).squareRoot() }) {
        stdDetail += ": it is \(match.1)"
    }
    return [
        .expect(abs(mean - expectedMean) <= 5 * expectedStd / n.squareRoot(), "\(name) mean", String(format: "%.5f (expected %g)", mean, expectedMean)),
        .expect(stdOK, "\(name) standard deviation", stdDetail),
        .expect(abs(kurtosis - 3) <= 5 * (24 / n).squareRoot(), "\(name) kurtosis",
                String(format: "%.3f (a normal's is 3, a uniform's 1.8)", kurtosis)),
    ]
}

/// The same seed gives the same weights; another seed, others.
func seeded(_ draw: InitializationExercises.Draw) throws -> CheckResult {
    var first = RandomGenerator(seed: 1), again = RandomGenerator(seed: 1), other = RandomGenerator(seed: 2)
    let a = try draw([8, 6], &first), b = try draw([8, 6], &again), c = try draw([8, 6], &other)
    if a.scalars != b.scalars { return .failed("seeded", "two draws from the same seed differ: draw every number from `generator`") }
    if a.scalars == c.scalars { return .failed("seeded", "seeds 1 and 2 give the same weights: draw the numbers from `generator`") }
    return .passed("seeded", "the same seed gives the same weights, another seed others")
}
