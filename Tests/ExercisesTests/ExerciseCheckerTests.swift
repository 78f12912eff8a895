import NablaCore
import NablaExercises
import NablaTestSupport
import NablaVerify
import XCTest

/// Every exercise's checker passes the reference solution, fails typical wrong versions with the
/// diagnosis that fits, and sees the untouched stub as "not started".
final class ExerciseCheckerTests: XCTestCase {
    let environment = ExerciseEnvironment(fixtureDirectory: goldenDataDirectory + "/" + exerciseFixtureFolder)

    /// What a wrong version must produce: the diagnosed mistake, or (for a target with no formula
    /// to diagnose) the name of the check that fails first.
    enum Expected { case mistake(Mistake), failedCheck(String) }

    func assertChecker<I>(_ exercise: Exercise<I>, reference: I, wrong: [(I, Mistake)],
                          file: StaticString = #filePath, line: UInt = #line) {
        assertChecker(exercise, reference: reference, wrongVersions: wrong.map { ($0.0, Expected.mistake($0.1)) }, file: file, line: line)
    }

    /// The reference passes every check; each wrong version fails, first as `expected`.
    func assertChecker<I>(_ exercise: Exercise<I>, reference: I, wrongVersions wrong: [(I, Expected)],
                          file: StaticString = #filePath, line: UInt = #line) {
        let report = exercise.check(reference, in: environment)
        XCTAssertEqual(report.status, .passing, "\(exercise.info.name) reference: \(report.results.map { "\($0.name): \($0.detail)" })",
                       file: file, line: line)
        XCTAssertGreaterThanOrEqual(report.results.count, 2, "\(exercise.info.name): too few checks ran", file: file, line: line)
        XCTAssertGreaterThanOrEqual(wrong.count, 2, "\(exercise.info.name): at least two wrong versions", file: file, line: line)
        for (index, (version, expected)) in wrong.enumerated() {
            let wrongReport = exercise.check(version, in: environment)
            guard case .failing(let message) = wrongReport.status else {
                XCTFail("\(exercise.info.name) wrong version \(index) was not caught: \(wrongReport.status)", file: file, line: line)
                continue
            }
            switch expected {
            case .mistake(let mistake):
                XCTAssertEqual(wrongReport.firstMistake, mistake, "\(exercise.info.name) wrong version \(index): \(message)", file: file, line: line)
            case .failedCheck(let name):
                XCTAssertTrue(message.hasPrefix(name), "\(exercise.info.name) wrong version \(index): \(message)", file: file, line: line)
            }
        }
        let stub = exercise.checkStub(in: environment)
        XCTAssertEqual(stub.status, .notStarted, "\(exercise.info.name) stub: \(stub.results.map(\.detail))", file: file, line: line)
        XCTAssertTrue(stub.results.contains { $0.detail.contains(exercise.info.reference) }, "\(exercise.info.name): the stub names its text",
                      file: file, line: line)
    }

    func testSiLU() {
        assertChecker(BackpropExercises.silu, reference: BackpropSolutions.silu(),
                      wrong: [(BackpropSolutions.silu(.flippedSign), .signFlipped), (BackpropSolutions.silu(.doubled), .constantFactor)])
    }

    func testELU() {
        assertChecker(BackpropExercises.elu, reference: BackpropSolutions.elu(),
                      wrong: [(BackpropSolutions.elu(.negativeBranchWrong), .onlyRightWherePositive),
                              (BackpropSolutions.elu(.positiveBranchWrong), .onlyRightWhereNotPositive)])
    }

    func testGELU() {
        assertChecker(BackpropExercises.gelu, reference: BackpropSolutions.gelu(),
                      wrong: [(BackpropSolutions.gelu(.missingHalf), .constantFactor), (BackpropSolutions.gelu(.flippedSign), .signFlipped)])
    }

    func testSoftplus() {
        assertChecker(BackpropExercises.softplus, reference: BackpropSolutions.softplus(),
                      wrong: [(BackpropSolutions.softplus(.doubled), .constantFactor), (BackpropSolutions.softplus(.flippedSign), .signFlipped)])
    }

    func testPReLU() {
        assertChecker(BackpropExercises.prelu, reference: BackpropSolutions.prelu(),
                      wrong: [(BackpropSolutions.prelu(.negativeBranchWrong), .onlyRightWherePositive),
                              (BackpropSolutions.prelu(.meanOverBatch), .batchSizeFactor)])
    }

    // MARK: chapter 1

    func testRidgeClosedForm() {
        assertChecker(LinearClassifiersExercises.ridgeClosedForm, reference: LinearClassifiersSolutions.ridge(),
                      wrong: [(LinearClassifiersSolutions.ridge(.missingHalf), .constantFactor),
                              (LinearClassifiersSolutions.ridge(.missingShortcut), .missingTerm)])
    }

    func testRidgeGradient() {
        assertChecker(LinearClassifiersExercises.ridgeGradient, reference: LinearClassifiersSolutions.ridgeGradient(),
                      wrong: [(LinearClassifiersSolutions.ridgeGradient(.missingHalf), .constantFactor),
                              (LinearClassifiersSolutions.ridgeGradient(.meanOverBatch), .batchSizeFactor)])
    }

    func testLogisticRegression() {
        assertChecker(LinearClassifiersExercises.logisticRegression, reference: LinearClassifiersSolutions.logistic(),
                      wrong: [(LinearClassifiersSolutions.logistic(.flippedSign), .signFlipped),
                              (LinearClassifiersSolutions.logistic(.meanOverBatch), .batchSizeFactor)])
    }

    func testOneVersusRest() {
        assertChecker(LinearClassifiersExercises.oneVersusRest, reference: LinearClassifiersSolutions.oneVersusRest(),
                      wrongVersions: [(LinearClassifiersSolutions.oneVersusRest(.transposed), .failedCheck("class 1 against the rest")),
                                      (LinearClassifiersSolutions.oneVersusRest(.doubled), .failedCheck("class 0 against the rest"))])
    }

    // MARK: chapter 3

    func testHuberLoss() {
        assertChecker(MLPExercises.huberLoss, reference: MLPSolutions.huber(),
                      wrong: [(MLPSolutions.huber(.meanOverBatch), .constantFactor), (MLPSolutions.huber(.flippedSign), .signFlipped)])
    }

    func testLabelSmoothing() {
        assertChecker(MLPExercises.labelSmoothing, reference: MLPSolutions.labelSmoothing(),
                      wrong: [(MLPSolutions.labelSmoothing(.meanOverBatch), .batchSizeFactor),
                              (MLPSolutions.labelSmoothing(.flippedSign), .signFlipped)])
    }

    /// Trains the reference on MNIST (about 10 s): the only exercise test that needs the data.
    func testSmallMLP() {
        assertChecker(MLPExercises.smallMLP, reference: MLPSolutions.smallMLP(),
                      wrongVersions: [(MLPSolutions.smallMLP(.doubled), .failedCheck("parameters")),
                                      (MLPSolutions.smallMLP(.missingShortcut), .failedCheck("MNIST test accuracy"))])
    }

    // MARK: chapter 4

    func testGlobalAvgPool() {
        assertChecker(CNNExercises.globalAvgPool, reference: CNNSolutions.globalAvgPool(),
                      wrong: [(CNNSolutions.globalAvgPool(.doubled), .constantFactor), (CNNSolutions.globalAvgPool(.transposed), .wrongAxis)])
    }

    func testResidualBlock() {
        assertChecker(CNNExercises.residualBlock, reference: CNNSolutions.residualBlock(),
                      wrong: [(CNNSolutions.residualBlock(.missingShortcut), .missingShortcut),
                              (CNNSolutions.residualBlock(.meanOverBatch), .batchSizeFactor)])
    }

    func testDepthwiseConv() {
        assertChecker(CNNExercises.depthwiseConv, reference: CNNSolutions.depthwise(),
                      wrong: [(CNNSolutions.depthwise(.firstExampleOnly), .notSummedOverBatch), (CNNSolutions.depthwise(.flippedSign), .signFlipped)])
    }

    // MARK: chapter 5

    func testGroupNorm() {
        assertChecker(RegularizationExercises.groupNorm, reference: RegularizationSolutions.groupNorm(),
                      wrong: [(RegularizationSolutions.groupNorm(.firstExampleOnly), .notSummedOverBatch),
                              (RegularizationSolutions.groupNorm(.missingShortcut), .differs)])
    }

    func testDropConnect() {
        assertChecker(RegularizationExercises.dropConnect, reference: RegularizationSolutions.dropConnect(),
                      wrong: [(RegularizationSolutions.dropConnect(.transposed), .transposed),
                              (RegularizationSolutions.dropConnect(.firstExampleOnly), .notSummedOverBatch)])
    }

    func testMaxNorm() {
        assertChecker(RegularizationExercises.maxNorm, reference: RegularizationSolutions.maxNorm(),
                      wrongVersions: [(RegularizationSolutions.maxNorm(.doubled), .failedCheck("short rows unchanged")),
                                      (RegularizationSolutions.maxNorm(.transposed), .failedCheck("row norms ≤ c"))])
    }

    // MARK: chapter 6

    func testLeCunNormal() {
        assertChecker(InitializationExercises.lecunNormal, reference: InitializationSolutions.lecun(),
                      wrongVersions: [(InitializationSolutions.lecun(.transposed), .failedCheck("[256, 512] standard deviation")),
                                      (InitializationSolutions.lecun(.doubled), .failedCheck("[256, 512] kurtosis"))])
    }

    func testOrthogonal() {
        assertChecker(InitializationExercises.orthogonal, reference: InitializationSolutions.orthogonal(),
                      wrongVersions: [(InitializationSolutions.orthogonal(.missingShortcut), .failedCheck("[6, 4], gain 1")),
                                      (InitializationSolutions.orthogonal(.missingHalf), .failedCheck("[4, 6], gain 2"))])
    }

    func testTruncatedNormal() {
        assertChecker(InitializationExercises.truncatedNormal, reference: InitializationSolutions.truncatedNormal(),
                      wrongVersions: [(InitializationSolutions.truncatedNormal(.transposed), .failedCheck("none on the bounds")),
                                      (InitializationSolutions.truncatedNormal(.doubled), .failedCheck("mean"))])
    }

    // MARK: chapter 7

    func testAdamax() {
        assertChecker(OptimizersExercises.adamax, reference: OptimizersSolutions.adamax(),
                      wrong: [(OptimizersSolutions.adamax(.missingHalf), .constantFactor), (OptimizersSolutions.adamax(.flippedSign), .signFlipped)])
    }

    func testNAdam() {
        assertChecker(OptimizersExercises.nadam, reference: OptimizersSolutions.nadam(),
                      wrong: [(OptimizersSolutions.nadam(.flippedSign), .signFlipped), (OptimizersSolutions.nadam(.doubled), .constantFactor)])
    }

    func testRAdam() {
        assertChecker(OptimizersExercises.radam, reference: OptimizersSolutions.radam(),
                      wrong: [(OptimizersSolutions.radam(.missingHalf), .constantFactor), (OptimizersSolutions.radam(.flippedSign), .signFlipped)])
    }

    func testOneCycle() {
        assertChecker(OptimizersExercises.oneCycle, reference: OptimizersSolutions.oneCycle(),
                      wrongVersions: [(OptimizersSolutions.oneCycle(.missingHalf), .failedCheck("ends at η₀/final_div_factor")),
                                      (OptimizersSolutions.oneCycle(.doubled), .failedCheck("fixture one_cycle_defaults_50_steps"))])
    }

    // MARK: chapter 8

    func testPreActBlock() {
        assertChecker(DeepExercises.preActBlock, reference: DeepSolutions.preActBlock(),
                      wrong: [(DeepSolutions.preActBlock(.missingShortcut), .missingShortcut),
                              (DeepSolutions.preActBlock(.meanOverBatch), .batchSizeFactor)])
    }
}
