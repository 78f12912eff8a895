import XCTest
import NablaCore

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

func assertClose(_ actual: Tensor<Double>, _ expected: [Double], tolerance: Double = 1e-12, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    assertClose(actual.scalars, expected, tolerance: tolerance, message, file: file, line: line)
}

/// A `[rows, columns]` matrix from nested rows.
func matrix(_ rows: [[Double]]) -> Tensor<Double> {
    Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 })
}

func vector(_ values: [Double]) -> Tensor<Double> { Tensor(shape: [values.count], scalars: values) }
