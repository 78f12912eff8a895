/// One chart of an `HTMLReport`: the chart, the name its files get, and a caption.
public struct Figure: Sendable {
    /// The name of the figure's files without extension: "loss" gives loss.svg and loss.csv.
    public var name: String
    /// What is drawn: its SVG goes into the page and its file, its CSV beside it.
    public var chart: any Chart
    /// A sentence or two under the chart: what it shows, what to look for.
    public var caption: String

    /// A figure whose files are `name.svg` and `name.csv` (the name made safe for a file, see
    /// `HTMLReport.fileNames`).
    public init(name: String, chart: any Chart, caption: String = "") {
        (self.name, self.chart, self.caption) = (name, chart, caption)
    }
}

/// The file names (without extension) of `figures`, in order: each name with every character
/// other than letters, digits, "-", "_" and "." replaced by "-", no leading ".", "figure" for an
/// empty name, and "-2", "-3", … added to repeats, so no two figures share a file.
func fileStems(of figures: [Figure]) -> [String] {
    var used: Set<String> = []
    return figures.map { figure in
        var stem = String(figure.name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        if stem.hasPrefix(".") { stem = "-" + stem.dropFirst() }
        if stem.isEmpty { stem = "figure" }
        var unique = stem, repeatNumber = 1
        while used.contains(unique.lowercased()) {
            repeatNumber += 1
            unique = "\(stem)-\(repeatNumber)"
        }
        used.insert(unique.lowercased())
        return unique
    }
}
