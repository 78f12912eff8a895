import Foundation

/// Counts of values in equal-width bins, drawn as adjacent bars: the distribution of one layer's
/// weights, activations or gradients at one moment (one slice of TensorBoard's histograms).
///
/// The range is the data's smallest to largest finite value unless given; one repeated value gets
/// a range around it. NaN and ±∞, and values outside a given range, are not binned: they are
/// counted in `notFiniteCount` and `outsideCount` and in a note under the chart.
public struct Histogram: Chart {
    /// The text at the top of the chart (of the panel, in `HistogramPanels`).
    public var title: String
    /// The x axis label, with its unit: "activation", "weight", "gradient".
    public var xLabel: String
    /// The bin edges, one more than the bins: bin i counts values in edges[i] ..< edges[i + 1], the
    /// last bin also its upper edge.
    public let edges: [Double]
    /// How many values fell in each bin.
    public let counts: [Int]
    /// How many values were NaN or ±∞.
    public let notFiniteCount: Int
    /// How many finite values fell outside the range given.
    public let outsideCount: Int
    /// The width of the SVG in pixels.
    public var width: Double = 520
    /// The height of the SVG in pixels, before the note is added below.
    public var height: Double = 320

    /// Bins `values` into `binCount` bins (1…1000; by default √n, kept within 10…50) over `range`
    /// (by default the data's; a range that is empty or not finite is replaced by the data's).
    public init(title: String, values: [Double], xLabel: String = "value", binCount: Int? = nil,
                range: ClosedRange<Double>? = nil) {
        let finite = values.filter(\.isFinite)
        let bounds = Self.bounds(of: finite, given: range)
        let count = min(max(binCount ?? Int(Double(finite.count).squareRoot()).clamped(10, 50), 1), 1000)
        var counts = Array(repeating: 0, count: count), outside = 0
        let halfSpan = bounds.upper / 2 - bounds.lower / 2
        for value in finite {
            guard value >= bounds.lower && value <= bounds.upper else {
                outside += 1
                continue
            }
            let fraction = (value / 2 - bounds.lower / 2) / halfSpan
            counts[min(Int(fraction * Double(count)), count - 1)] += 1
        }
        (self.title, self.xLabel, self.counts) = (title, xLabel, counts)
        edges = (0...count).map { index in
            let fraction = Double(index) / Double(count)
            return index == count ? bounds.upper : bounds.lower * (1 - fraction) + bounds.upper * fraction
        }
        (notFiniteCount, outsideCount) = (values.count - finite.count, outside)
    }

    /// The range to bin over: `given` if it is finite and not empty, else the data's, widened
    /// around a single value (by 10% of it, by 0.5 around zero).
    private static func bounds(of finite: [Double], given: ClosedRange<Double>?) -> (lower: Double, upper: Double) {
        if let given, given.lowerBound.isFinite, given.upperBound.isFinite, (given.upperBound / 2 - given.lowerBound / 2).isNormal {
            return (given.lowerBound, given.upperBound)
        }
        guard var lower = finite.min(), var upper = finite.max() else { return (0, 1) }
        if !(upper / 2 - lower / 2).isNormal {
            let padding = (abs(lower) * 0.1).isNormal ? abs(lower) * 0.1 : 0.5
            (lower, upper) = (lower - padding, upper + padding)
        }
        return (lower, upper)
    }

    /// Columns `bin_start,bin_end,count`, one row per bin.
    public func csv() -> String {
        var table = CSVTable(header: ["bin_start", "bin_end", "count"])
        for (index, count) in counts.enumerated() {
            table.rows.append([csvNumber(edges[index]), csvNumber(edges[index + 1]), "\(count)"])
        }
        return table.text
    }

    /// The chart: title, bars, axes (value across, count up), and the note saying what was not binned.
    public func svg() -> String {
        var leftOut = LeftOut()
        noteLeftOut(in: &leftOut, source: "")
        let noteHeight = leftOut.height(width: width - 32)
        var canvas = SVGCanvas(width: width, height: height + noteHeight)
        draw(on: &canvas, left: 0, top: 0, width: width, height: height, titleSize: 16, xTicks: nil)
        leftOut.draw(on: &canvas, x: 16, y: height + 4, width: width - 32)
        return canvas.document(title: title)
    }

    func noteLeftOut(in leftOut: inout LeftOut, source: String) {
        leftOut.add(notFiniteCount, "value", "not finite", from: source)
        leftOut.add(outsideCount, "value", "outside the range", from: source)
    }

    /// Draws this histogram in the box (left, top, width, height), with its title at the top;
    /// `xTicks` shares one x axis between panels (nil: this histogram's own range).
    func draw(on canvas: inout SVGCanvas, left: Double, top: Double, width: Double, height: Double,
              titleSize: Double, xTicks: AxisTicks?, color: String = Style.color(0)) {
        canvas.text(title, x: left + 16, y: top + titleSize + 10, size: titleSize, bold: true)
        let plotTop = top + titleSize + 26
        let plotHeight = max(height - (plotTop - top) - PlotFrame.bottomMargin(xLabel: xLabel) - 4, 30)
        let yTicks = AxisTicks.linear(from: 0, to: Double(max(counts.max() ?? 0, 1)),
                                      targetCount: max(3, min(6, Int(plotHeight / 40))), integers: true)
        let frameLeft = left + PlotFrame.leftMargin(yTicks: yTicks, yLabel: "count")
        let frame = PlotFrame(left: frameLeft, top: plotTop, width: max(left + width - 20 - frameLeft, 30), height: plotHeight)
        let xTicks = xTicks ?? AxisTicks.linear(from: edges.first!, to: edges.last!, targetCount: max(3, min(8, Int(frame.width / 80))))
        let (x, y) = (frame.xScale(xTicks), frame.yScale(yTicks))
        frame.drawAxes(on: &canvas, x: x, y: y, xLabel: xLabel, yLabel: "count")
        for (index, count) in counts.enumerated() where count > 0 {
            let (start, end) = (x.position(edges[index]), x.position(edges[index + 1]))
            let gap = end - start > 3 ? 0.5 : 0
            canvas.rect(x: start + gap, y: y.position(Double(count)), width: end - start - 2 * gap,
                        height: frame.bottom - y.position(Double(count)), fill: color)
        }
    }
}

extension Int {
    func clamped(_ lower: Int, _ upper: Int) -> Int { Swift.min(Swift.max(self, lower), upper) }
}
