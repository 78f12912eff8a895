/// A confusion matrix as a grid of C × C cells, like fast.ai's `plot_confusion_matrix`: true
/// classes down, predicted classes across, each cell coloured by its share of its row (how the
/// images of one true class were labelled) and printed with its raw count; each row ends with
/// that class's accuracy (its diagonal count over its row's total) and the title line with the
/// overall accuracy.
///
/// Counts are expected to be ≥ 0. The size is the largest of the number of class names, rows and
/// columns: missing names are the class's index (0, 1, …), missing cells count 0. A row with no
/// images is white and its accuracy "–".
public struct ConfusionMatrixChart: Chart {
    /// The text at the top of the chart.
    public var title: String
    /// The name of each class, in the order of the rows and columns.
    public let classNames: [String]
    /// counts[t][p]: how many images of true class t were predicted as class p.
    public let counts: [[Int]]

    /// A chart of `counts[t][p]`, the number of images of true class t predicted as class p.
    public init(title: String = "Confusion matrix", classNames: [String], counts: [[Int]]) {
        let size = max(classNames.count, counts.count, counts.map(\.count).max() ?? 0)
        self.title = title
        self.classNames = (0..<size).map { $0 < classNames.count ? classNames[$0] : "\($0)" }
        self.counts = (0..<size).map { row in
            (0..<size).map { column in row < counts.count && column < counts[row].count ? counts[row][column] : 0 }
        }
    }

    /// The diagonal count over the row's total for each true class; nil for a class with no images.
    public var accuracyPerClass: [Double?] {
        counts.indices.map { row in
            let total = counts[row].reduce(0, +)
            return total > 0 ? Double(counts[row][row]) / Double(total) : nil
        }
    }

    /// All diagonal counts over all counts; nil when there are none.
    public var accuracy: Double? {
        let total = counts.joined().reduce(0, +)
        return total > 0 ? Double(counts.indices.reduce(0) { $0 + counts[$1][$1] }) / Double(total) : nil
    }

    /// The matrix as in the chart: header `true/predicted,<class names>`, then one row per true class.
    public func csv() -> String {
        CSVTable(header: ["true/predicted"] + classNames,
                 rows: counts.indices.map { [classNames[$0]] + counts[$0].map(String.init) }).text
    }
}
