import NablaCore
import NablaExercises
import NablaTestSupport
import NablaVerify
import XCTest

/// Every exercise's checker passes the reference solution, fails typical wrong versions with the
/// diagnosis that fits, and sees the untouched stub as "not started".
final class ExerciseCheckerTests: XCTestCase {
    let environment = ExerciseEnvironment(fixtureDirectory: goldenDataDirectory + "/exercises")

    /// The reference passes every check; each wrong version fails, first with `mistake`.
    func assertChecker<I>(_ exercise: Exercise<I>, reference: I, wrong: [(I, Mistake)],
                          file: StaticString = #filePath, line: UInt = #line) {
        let report = exercise.check(reference, in: environment)
        XCTAssertEqual(report.status, .passing, "\(exercise.info.name) reference: \(report.results.map { "\($0.name): \($0.detail)" })",
                       file: file, line: line)
        XCTAssertGreaterThanOrEqual(report.results.count, 2, "\(exercise.info.name): too few checks ran", file: file, line: line)
        XCTAssertGreaterThanOrEqual(wrong.count, 2, "\(exercise.info.name): at least two wrong versions", file: file, line: line)
        for (index, (version, mistake)) in wrong.enumerated() {
            let wrongReport = exercise.check(version, in: environment)
            guard case .failing(let message) = wrongReport.status else {
                XCTFail("\(exercise.info.name) wrong version \(index) was not caught: \(wrongReport.status)", file: file, line: line)
                continue
            }
            XCTAssertEqual(wrongReport.firstMistake, mistake, "\(exercise.info.name) wrong version \(index): \(message)", file: file, line: line)
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
}
