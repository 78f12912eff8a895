/// A figure that can be drawn and whose numbers can be kept: every chart in NablaPlot.
///
/// Charts never fail: bad input (NaN, ∞, empty or constant data, values a log scale cannot show)
/// is left out of the drawing, and the chart says in a note what was left out and how much.
/// Their SVG never holds "nan" or "inf".
public protocol Chart: Sendable {
    /// The title drawn at the top of the chart, also used by `HTMLReport` as the figure's heading.
    var title: String { get }

    /// The chart as an SVG 1.1 document: plain text, no XML declaration, so it can be saved as a
    /// `.svg` file or inlined in an HTML page.
    func svg() -> String

    /// The chart's data as CSV: a header line, then one row per line, numbers in full precision
    /// (`nan`, `inf` and `-inf` for values that are not finite).
    func csv() -> String
}
