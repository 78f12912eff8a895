import Foundation

/// A number in at most 8 characters: 0, 0.632, 12.35, 3.2e-05.
func compact(_ x: Double) -> String {
    if x == 0 { return "0" }
    if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if abs(x) >= 0.01 && abs(x) < 10 { return String(format: "%.3f", x) }
    if abs(x) >= 10 && abs(x) < 1000 { return String(format: "%.1f", x) }
    return String(format: "%.1e", x)
}

/// A fraction as a percentage: 0, 0.3%, 100%.
func percent(_ fraction: Double) -> String {
    if fraction == 0 { return "0" }
    if fraction == 1 { return "100%" }
    return String(format: "%.1f%%", 100 * fraction)
}

/// Cells joined by two spaces; a negative width pads on the right (text), a positive one on the left (numbers).
func row(_ cells: [String], _ widths: [Int]) -> String {
    zip(cells, widths).map { cell, width in
        width < 0 ? cell.padding(toLength: max(-width, cell.count), withPad: " ", startingAt: 0)
                  : String(repeating: " ", count: max(0, width - cell.count)) + cell
    }.joined(separator: "  ")
}
