import Foundation
import XCTest
import NablaCore

// What many test targets share: where the fixtures are, tolerant comparisons, small tensors,
// temporary directories and error checks. One copy, used by every test target.

/// The repository's top folder, found from this file's path.
public let repositoryDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The repository's GoldenData folder.
public let goldenDataDirectory = repositoryDirectory + "/GoldenData"

/// Fails unless every pair agrees to within `tolerance`, relative to the larger magnitude (or 1).
public func assertClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(message): counts differ", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let scale = max(abs(a), abs(e), 1)
        XCTAssert(abs(a - e) <= tolerance * scale, "\(message) [\(i)]: \(a) != \(e) (tolerance \(tolerance))",
                  file: file, line: line)
    }
}

public func assertClose(_ actual: Tensor<Double>, _ expected: [Double], tolerance: Double = 1e-12, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    assertClose(actual.scalars, expected, tolerance: tolerance, message, file: file, line: line)
}

/// A `[rows, columns]` matrix from nested rows.
public func matrix(_ rows: [[Double]]) -> Tensor<Double> {
    Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 })
}

/// A `[n]` vector.
public func vector(_ values: [Double]) -> Tensor<Double> { Tensor(shape: [values.count], scalars: values) }

/// The exact bytes of a tensor's elements: equal bytes mean bitwise equal numbers (NaN included).
public func bits<Scalar: Real>(_ tensor: Tensor<Scalar>) -> [UInt8] {
    tensor.scalars.withUnsafeBytes { Array($0) }
}

/// A config object written as JSON text: `config(#"{"lr": 0.1}"#)`.
public func config(_ text: String) throws -> [String: JSON] {
    guard case .object(let members) = try JSON.parse(text) else { throw NablaError.unsupported("not an object") }
    return members
}

/// A new empty directory, removed when the test ends.
public func makeTemporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "nabla-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// Asserts that `body` throws an error whose text contains every one of `fragments`.
public func assertThrows<T>(_ body: @autoclosure () throws -> T, mentioning fragments: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        let text = "\(error)"
        for fragment in fragments {
            XCTAssertTrue(text.contains(fragment), "error \"\(text)\" does not mention \"\(fragment)\"", file: file, line: line)
        }
    }
}
