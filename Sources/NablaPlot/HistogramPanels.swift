/// Several histograms side by side in one SVG, one panel per layer ("activations of layer 3"),
/// drawn alike: the same size, colours and fonts, and by default one shared x axis, so that a
/// distribution that narrows or widens from layer to layer shows at a glance.
public struct HistogramPanels: Chart {
    /// The text at the top, above the panels.
    public var title: String
    /// One panel each, left to right and top to bottom, each with its own title.
    public var histograms: [Histogram]
    /// Panels per row.
    public var columns: Int
    /// Whether every panel shows the same x range (the union of theirs).
    public var sharesXAxis: Bool
    /// The width of one panel in pixels.
    public var panelWidth: Double = 340
    /// The height of one panel in pixels.
    public var panelHeight: Double = 230

    /// One panel per (title, values), binned alike: the same number of bins and, when
    /// `sharedRange`, the same range (the union of the panels' finite values).
    public init(title: String, panels: [(title: String, values: [Double])], xLabel: String = "value",
                binCount: Int? = nil, sharedRange: Bool = true, columns: Int = 3) {
        let finite = panels.flatMap { $0.values.filter(\.isFinite) }
        let range = sharedRange ? finite.min().flatMap { low in finite.max().map { low...$0 } } : nil
        let perPanel = panels.map { $0.values.filter(\.isFinite).count }.max() ?? 0
        let bins = binCount ?? Int(Double(perPanel).squareRoot()).clamped(10, 50)
        self.init(title: title, histograms: panels.map { Histogram(title: $0.title, values: $0.values, xLabel: xLabel,
                                                                   binCount: bins, range: range) },
                  columns: columns, sharesXAxis: sharedRange)
    }

    /// Panels of histograms made elsewhere, in the order given; `columns` below 1 is taken as 1.
    public init(title: String, histograms: [Histogram], columns: Int = 3, sharesXAxis: Bool = false) {
        (self.title, self.histograms, self.columns, self.sharesXAxis) = (title, histograms, max(columns, 1), sharesXAxis)
    }

    /// Columns `panel,bin_start,bin_end,count`, one row per bin of each panel.
    public func csv() -> String {
        var table = CSVTable(header: ["panel", "bin_start", "bin_end", "count"])
        for histogram in histograms {
            for (index, count) in histogram.counts.enumerated() {
                table.rows.append([histogram.title, csvNumber(histogram.edges[index]),
                                   csvNumber(histogram.edges[index + 1]), "\(count)"])
            }
        }
        return table.text
    }

    /// The title, then the panels left to right and top to bottom, then one note for all of them.
    public func svg() -> String {
        let columns = max(1, min(self.columns, histograms.count))
        let rows = (histograms.count + columns - 1) / columns
        let width = max(Double(columns) * panelWidth, 320)
        var leftOut = LeftOut()
        for histogram in histograms { histogram.noteLeftOut(in: &leftOut, source: histogram.title) }
        let top = 40.0, noteHeight = leftOut.height(width: width - 32)
        var canvas = SVGCanvas(width: width, height: top + Double(rows) * panelHeight + noteHeight + 8)
        canvas.text(title, x: 16, y: 26, size: 16, bold: true)
        if histograms.isEmpty {
            canvas.text("no data to draw", x: width / 2, y: top + 20, size: 14, anchor: .middle, fill: Style.mutedText)
        }
        let sharedTicks = sharesXAxis ? sharedXTicks() : nil
        for (index, histogram) in histograms.enumerated() {
            histogram.draw(on: &canvas, left: Double(index % columns) * panelWidth,
                           top: top + Double(index / columns) * panelHeight, width: panelWidth, height: panelHeight,
                           titleSize: 13, xTicks: sharedTicks)
        }
        leftOut.draw(on: &canvas, x: 16, y: top + Double(rows) * panelHeight + 4, width: width - 32)
        return canvas.document(title: title)
    }

    private func sharedXTicks() -> AxisTicks? {
        let lower = histograms.compactMap(\.edges.first).min(), upper = histograms.compactMap(\.edges.last).max()
        guard let lower, let upper else { return nil }
        return AxisTicks.linear(from: lower, to: upper, targetCount: max(3, Int(panelWidth / 80)))
    }
}
