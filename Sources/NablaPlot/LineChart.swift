/// Lines of y against x, one per named series, like TensorBoard's scalar plots: learning curves
/// (loss per step, accuracy per epoch), a learning-rate range test (log x), update-to-weight
/// ratios (log y, with a guide line at 1e-3).
///
/// Points that cannot be drawn (NaN, ±∞, and values ≤ 0 on a log axis) are left out: the line
/// breaks there and a note under the chart counts them per series. A series with no points, a
/// chart with no series, and data that is all one value still give a readable chart.
///
/// ```swift
/// let chart = LineChart(title: "Training loss", xLabel: "epoch", yLabel: "cross-entropy (nats)",
///                       series: [.init(name: "train", x: stepEpochs, y: stepLosses, movingAverageWindow: 50),
///                                .init(name: "validation", x: [1, 2, 3], y: validationLosses)])
/// ```
public struct LineChart: Chart {
    /// How an axis maps values to positions. A logarithmic axis shows only values > 0.
    public enum Scale: Sendable {
        case linear, logarithmic
    }

    /// One named line: the points (x[i], y[i]) joined in the order given.
    public struct Series: Sendable {
        /// The name in the legend and in the CSV's first column.
        public var name: String
        /// The positions across, in the x axis's unit.
        public var x: [Double]
        /// The values up, in the y axis's unit.
        public var y: [Double]
        /// When set, the points are drawn faint, and their trailing moving average over this many
        /// points (see `movingAverage(_:window:)`) is drawn on top as the series' line.
        public var movingAverageWindow: Int?

        /// A series of the points (x[i], y[i]). If the counts differ, the values without a
        /// partner are left out, and counted in the chart's note.
        public init(name: String, x: [Double], y: [Double], movingAverageWindow: Int? = nil) {
            (self.name, self.x, self.y, self.movingAverageWindow) = (name, x, y, movingAverageWindow)
        }

        /// A series of y against 1, 2, 3, … (a step or epoch number).
        public init(name: String, y: [Double], movingAverageWindow: Int? = nil) {
            self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y, movingAverageWindow: movingAverageWindow)
        }
    }

    /// A dashed horizontal line at `y` across the chart, with `label` at its right end; the y axis
    /// always reaches it. A guide the y axis cannot show (not finite, or ≤ 0 on a log axis) is left
    /// out and counted in the note.
    public struct Guide: Sendable {
        /// Where the line is, in the y axis's unit.
        public var y: Double
        /// The text at its right end: "1e-3: a common rule of thumb".
        public var label: String

        /// A guide line at `y` named `label`.
        public init(y: Double, label: String) {
            (self.y, self.label) = (y, label)
        }
    }

    /// The text at the top of the chart.
    public var title: String
    /// The x axis label, with its unit: "epoch", "learning rate", "time (s)".
    public var xLabel: String
    /// The y axis label, with its unit: "loss (nats)", "accuracy (%)".
    public var yLabel: String
    /// The lines, drawn in order in the colours of TensorBoard and matplotlib (blue, orange, green, …).
    public var series: [Series]
    /// How x values map to positions across.
    public var xScale: Scale
    /// How y values map to positions up.
    public var yScale: Scale
    /// Dashed horizontal lines marking reference values.
    public var guides: [Guide]
    /// The width of the SVG in pixels.
    public var width: Double = 720
    /// The height of the SVG in pixels; the plot area is what is left after the title, legend,
    /// axis labels and note.
    public var height: Double = 420

    /// A chart of `series` on the axes described; linear axes unless said otherwise.
    public init(title: String, xLabel: String, yLabel: String, series: [Series],
                xScale: Scale = .linear, yScale: Scale = .linear, guides: [Guide] = []) {
        (self.title, self.xLabel, self.yLabel, self.series) = (title, xLabel, yLabel, series)
        (self.xScale, self.yScale, self.guides) = (xScale, yScale, guides)
    }

    /// Columns `series,x,y`, one row per point in the order given (an empty field where x or y
    /// had no partner), and `moving_average` when a series is smoothed.
    public func csv() -> String {
        let smoothed = series.contains { $0.movingAverageWindow != nil }
        var table = CSVTable(header: ["series", "x", "y"] + (smoothed ? ["moving_average"] : []))
        for line in series {
            let average = line.movingAverageWindow.map { movingAverage(line.y, window: $0) }
            for index in 0..<max(line.x.count, line.y.count) {
                var row = [line.name, index < line.x.count ? csvNumber(line.x[index]) : "",
                           index < line.y.count ? csvNumber(line.y[index]) : ""]
                if smoothed { row.append(average.map { index < $0.count ? csvNumber($0[index]) : "" } ?? "") }
                table.rows.append(row)
            }
        }
        return table.text
    }
}
