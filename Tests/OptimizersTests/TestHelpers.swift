import Foundation
import XCTest
import NablaCore

/// The repository's GoldenData folder, found from this file's path.
let goldenDataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("GoldenData").path

/// A config object written as JSON text: `config(#"{"lr": 0.1}"#)`.
func config(_ text: String) throws -> [String: JSON] {
    guard case .object(let members) = try JSON.parse(text) else { throw NablaError.unsupported("not an object") }
    return members
}

func vector(_ values: [Double]) -> Tensor<Double> { Tensor(shape: [values.count], scalars: values) }

/// Fails unless every pair agrees to within `tolerance`, relative to the larger magnitude (or 1).
func assertClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(message): counts differ", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let scale = max(abs(a), abs(e), 1)
        XCTAssert(abs(a - e) <= tolerance * scale, "\(message) [\(i)]: \(a) != \(e) (tolerance \(tolerance))",
                  file: file, line: line)
    }
}

/// Applies `gradients` one step each to `start` and returns the parameter after each step.
func trajectory<O: Optimizer<Double>>(_ optimizer: O, from start: [Double], gradients: [[Double]]) -> [[Double]] {
    var optimizer = optimizer
    var parameter = vector(start)
    return gradients.map { gradient in
        optimizer.update(&parameter, gradient: vector(gradient), key: "p")
        return parameter.scalars
    }
}
