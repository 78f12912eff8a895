import XCTest
import NablaCore
import Initialization

/// Each scheme on a tensor of about a million weights: the sample's standard deviation must match
/// the scheme's formula, its mean must be 0 and its shape (uniform or normal) must be the right one.
///
/// Tolerances come from the sampling error, not from a measured run: with N ≈ 10⁶ draws, the
/// sample standard deviation is off by √((κ − 1)/(4N)) σ on average (0.07% for a normal), the mean
/// by σ/√N, a fraction p by √(p(1 − p)/N). Every check allows `sigmas` = 5 such errors, so a
/// correct scheme fails with probability below 10⁻⁶, and a wrong formula (such as 2/√fan_in for
/// Kaiming, 41% too large) fails by hundreds of errors.
final class InitializerStatisticsTests: XCTestCase {
    let sigmas = 5.0
    /// A linear weight [out, in]: fan_in 2500, fan_out 400, 10⁶ elements.
    let linearShape = [400, 2500]
    /// A convolution weight [out, in, kh, kw]: fan_in 64·11·11 = 7744, fan_out 128·11·11 = 15488.
    let convolutionShape = [128, 64, 11, 11]

    func draw(_ scheme: Initializer, shape: [Int], seed: UInt64 = 1) -> SampleMoments {
        var generator = RandomGenerator(seed: seed)
        let weight: Tensor<Float> = scheme.weight(shape: shape, generator: &generator)
        XCTAssertEqual(weight.shape, shape)
        return SampleMoments(weight)
    }

    /// Mean 0, standard deviation `expected`, and the shape of a normal distribution.
    func assertNormal(_ scheme: Initializer, shape: [Int], expected sigma: Double, file: StaticString = #filePath, line: UInt = #line) {
        assertMoments(draw(scheme, shape: shape), sigma: sigma, kurtosis: Kurtosis.normal, withinOneDeviation: normalWithinOneDeviation,
                      "\(scheme), a normal distribution (68.3% of its mass within one σ)", file: file, line: line)
    }

    /// Mean 0 and standard deviation `sigma`, each within `sigmas` standard errors, and the fraction
    /// of the sample within one σ of 0 as the distribution (its kurtosis given) has it.
    func assertMoments(_ sample: SampleMoments, sigma: Double, kurtosis: Double, withinOneDeviation p: Double, _ label: String,
                       file: StaticString, line: UInt) {
        let n = Double(sample.count)
        XCTAssertEqual(sample.standardDeviation, sigma, accuracy: sigmas * sigma * sample.relativeErrorOfDeviation(kurtosis: kurtosis),
                       "\(label): σ", file: file, line: line)
        XCTAssertEqual(sample.mean, 0, accuracy: sigmas * sigma / n.squareRoot(), "\(label): mean", file: file, line: line)
        XCTAssertEqual(sample.fractionWithinOneDeviation, p, accuracy: sigmas * (p * (1 - p) / n).squareRoot(),
                       "\(label): fraction within one σ", file: file, line: line)
    }

    /// Mean 0, standard deviation `bound`/√3, every value in [−bound, bound], and both ends reached.
    func assertUniform(_ scheme: Initializer, shape: [Int], bound: Double, file: StaticString = #filePath, line: UInt = #line) {
        let sample = draw(scheme, shape: shape)
        let n = Double(sample.count)
        assertMoments(sample, sigma: bound / 3.0.squareRoot(), kurtosis: Kurtosis.uniform, withinOneDeviation: uniformWithinOneDeviation,
                      "\(scheme), a uniform distribution (57.7% of its mass within one σ)", file: file, line: line)
        let floatBound = Double(Float(bound))
        XCTAssertLessThanOrEqual(sample.maximum, floatBound, "\(scheme) above its bound", file: file, line: line)
        XCTAssertGreaterThanOrEqual(sample.minimum, -floatBound, "\(scheme) below its bound", file: file, line: line)
        // No draw in the top slice of width 2a·f has probability (1 − f)^N ≈ e^(−fN); f = 30/N makes it e^(−30).
        let slice = 2 * bound * 30 / n
        XCTAssertGreaterThan(sample.maximum, bound - slice, "\(scheme) never came near its bound", file: file, line: line)
        XCTAssertLessThan(sample.minimum, -bound + slice, "\(scheme) never came near its bound", file: file, line: line)
    }

    func testKaimingNormalHasStandardDeviationRootTwoOverFanIn() {
        assertNormal(.kaimingNormal(), shape: linearShape, expected: (2.0 / 2500).squareRoot())
        assertNormal(.kaimingNormal(), shape: convolutionShape, expected: (2.0 / 7744).squareRoot())
        assertNormal(.kaimingNormal(mode: .fanOut), shape: convolutionShape, expected: (2.0 / 15488).squareRoot())
    }

    func testKaimingIsNotTheMisstatedTwoOverRootFanIn() {
        let sample = draw(.kaimingNormal(), shape: linearShape)
        let misstated = 2 / 2500.0.squareRoot(), correct = (2.0 / 2500).squareRoot()
        XCTAssertEqual(misstated / correct, 2.0.squareRoot(), accuracy: 1e-12, "the misstatement is √2 too large")
        XCTAssertGreaterThan(abs(sample.standardDeviation - misstated),
                             100 * misstated * sample.relativeErrorOfDeviation(kurtosis: Kurtosis.normal))
    }

    func testKaimingUniformBoundIsRootSixOverFanIn() {
        assertUniform(.kaimingUniform(), shape: linearShape, bound: (6.0 / 2500).squareRoot())
        assertUniform(.kaimingUniform(), shape: convolutionShape, bound: (6.0 / 7744).squareRoot())
        assertUniform(.kaimingUniform(mode: .fanOut), shape: linearShape, bound: (6.0 / 400).squareRoot())
    }

    func testXavierNormalHasStandardDeviationRootTwoOverFanInPlusFanOut() {
        assertNormal(.xavierNormal(), shape: linearShape, expected: (2.0 / (2500 + 400)).squareRoot())
        assertNormal(.xavierNormal(), shape: convolutionShape, expected: (2.0 / (7744 + 15488)).squareRoot())
        assertNormal(.xavierNormal(gain: 5.0 / 3), shape: linearShape, expected: 5.0 / 3 * (2.0 / (2500 + 400)).squareRoot())
    }

    func testXavierUniformBoundIsRootSixOverFanInPlusFanOut() {
        assertUniform(.xavierUniform(), shape: linearShape, bound: (6.0 / (2500 + 400)).squareRoot())
        assertUniform(.xavierUniform(), shape: convolutionShape, bound: (6.0 / (7744 + 15488)).squareRoot())
        assertUniform(.xavierUniform(gain: 2), shape: linearShape, bound: 2 * (6.0 / (2500 + 400)).squareRoot())
    }

    func testPyTorchDefaultIsUniformOverOneOverRootFanIn() {
        assertUniform(.pytorchDefault, shape: linearShape, bound: 1 / 2500.0.squareRoot())
        assertUniform(.pytorchDefault, shape: convolutionShape, bound: 1 / 7744.0.squareRoot())
    }

    func testFixedGaussiansIgnoreTheLayerSize() {
        for sigma in [0.01, 1] {
            assertNormal(.normal(standardDeviation: sigma), shape: linearShape, expected: sigma)
            assertNormal(.normal(standardDeviation: sigma), shape: convolutionShape, expected: sigma)
        }
        var generator = RandomGenerator(seed: 2)
        let vector: Tensor<Float> = Initializer.normal(standardDeviation: 0.5).weight(shape: [7], generator: &generator)
        XCTAssertEqual(vector.shape, [7], "a fixed σ needs no fans, so any shape is accepted")
    }

    func testConstantsSetEveryWeight() {
        var generator = RandomGenerator(seed: 3)
        for value in [0.0, 0.01, -2.5] {
            let weight: Tensor<Float> = Initializer.constant(value).weight(shape: convolutionShape, generator: &generator)
            XCTAssert(weight.scalars.allSatisfy { $0 == Float(value) }, "constant \(value)")
        }
        let zero: Tensor<Double> = Initializer.zero.weight(shape: [3], generator: &generator)
        XCTAssertEqual(zero, Tensor(zeros: [3]))
    }

    /// `standardDeviation(for:)` and `uniformBound(for:)` are what the tables print; they must say
    /// what the draws do.
    func testStatedDeviationsAndBoundsAreTheFormulas() {
        let fans = Fans(fanIn: 300, fanOut: 100)
        XCTAssertEqual(Initializer.kaimingNormal().standardDeviation(for: fans), (2.0 / 300).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Initializer.kaimingNormal(mode: .fanOut).standardDeviation(for: fans), (2.0 / 100).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Initializer.xavierNormal().standardDeviation(for: fans), (2.0 / 400).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Initializer.xavierUniform().uniformBound(for: fans)!, (6.0 / 400).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Initializer.kaimingUniform().uniformBound(for: fans)!, (6.0 / 300).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Initializer.pytorchDefault.uniformBound(for: fans)!, 1 / 300.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Initializer.normal(standardDeviation: 0.3).standardDeviation(for: fans), 0.3)
        XCTAssertEqual(Initializer.constant(4).standardDeviation(for: fans), 0)
        XCTAssertNil(Initializer.kaimingNormal().uniformBound(for: fans))
        XCTAssertNil(Initializer.xavierNormal().uniformBound(for: fans))
    }

    func testSameSeedSameWeights() {
        for scheme in Initializer.chapterSchemes {
            var first = RandomGenerator(seed: 9), second = RandomGenerator(seed: 9)
            let a: Tensor<Float> = scheme.weight(shape: [30, 20], generator: &first)
            let b: Tensor<Float> = scheme.weight(shape: [30, 20], generator: &second)
            XCTAssertEqual(a, b, "\(scheme)")
        }
    }

    func testNamesAndFormulas() {
        XCTAssertEqual(Initializer.chapterSchemes.map(\.description),
                       ["zero", "constant 0.01", "normal σ 0.01", "normal σ 1", "PyTorch default", "Xavier uniform",
                        "Xavier normal", "Kaiming uniform", "Kaiming normal"])
        XCTAssertEqual(Initializer.kaimingNormal().formula, "N(0, 2/fan_in)")
        XCTAssertEqual(Initializer.xavierUniform().formula, "U(±√(6/(fan_in + fan_out)))")
        XCTAssertEqual(Initializer.kaimingUniform(mode: .fanOut).description, "Kaiming uniform, fan_out")
    }
}
