/// A table written as CSV (RFC 4180): one header line, then the rows; a field holding a comma, a
/// quote or a line break is quoted, its quotes doubled.
struct CSVTable {
    var header: [String]
    var rows: [[String]] = []

    var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\n" }.joined()
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A number for a CSV file: the shortest text that reads back as the same Double (`0.1`, `1e-05`),
/// and `nan`, `inf`, `-inf` for the rest (as numpy and pandas read them).
func csvNumber(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return "\(value)"
}
