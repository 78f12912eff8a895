/// The rectangle a chart draws its data in, with its axes around it: tick labels left of and below
/// the rectangle, the axis labels beyond them.
struct PlotFrame {
    var left: Double
    var top: Double
    var width: Double
    var height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// Room left of the frame for the y tick labels and the rotated y axis label.
    static func leftMargin(yTicks: AxisTicks, yLabel: String, size: Double = 12) -> Double {
        let widest = yTicks.labels.map { Style.textWidth($0, size: size) }.max() ?? 0
        return 10 + (yLabel.isEmpty ? 0 : size + 8) + widest + 8
    }

    /// Room below the frame for the x tick labels and the x axis label.
    static func bottomMargin(xLabel: String, size: Double = 12) -> Double {
        xLabel.isEmpty ? size + 14 : 2 * size + 24
    }

    func xScale(_ ticks: AxisTicks) -> AxisScale { AxisScale(ticks: ticks, start: left, end: right) }
    func yScale(_ ticks: AxisTicks) -> AxisScale { AxisScale(ticks: ticks, start: bottom, end: top) }

    /// Grid lines at the ticks, the left and bottom axes, tick labels and axis labels. Without an
    /// `x` scale only the bottom axis line and the x label are drawn (a bar chart names its bars).
    func drawAxes(on canvas: inout SVGCanvas, x: AxisScale?, y: AxisScale, xLabel: String, yLabel: String,
                  size: Double = 12) {
        for (value, label) in zip(y.ticks.values, y.ticks.labels) {
            let position = y.position(value)
            canvas.line(x1: left, y1: position, x2: right, y2: position, stroke: Style.grid)
            canvas.text(label, x: left - 6, y: position + size * 0.35, size: size, anchor: .end)
        }
        if let x {
            let shown = labelsThatFit(x, size: size)
            for (index, value) in x.ticks.values.enumerated() {
                let position = x.position(value)
                canvas.line(x1: position, y1: top, x2: position, y2: bottom, stroke: Style.grid)
                canvas.line(x1: position, y1: bottom, x2: position, y2: bottom + 4, stroke: Style.axis)
                if shown.contains(index) {
                    canvas.text(x.ticks.labels[index], x: position, y: bottom + size + 6, size: size, anchor: .middle)
                }
            }
        }
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: Style.axis)
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Style.axis)
        if !xLabel.isEmpty {
            canvas.text(xLabel, x: left + width / 2, y: bottom + 2 * size + 18, size: size, anchor: .middle)
        }
        if !yLabel.isEmpty {
            let widest = y.ticks.labels.map { Style.textWidth($0, size: size) }.max() ?? 0
            let labelX = left - 14 - widest - size * 0.3
            canvas.text(yLabel, x: labelX, y: top + height / 2, size: size, anchor: .middle, rotation: -90)
        }
    }

    /// The indices of the x tick labels to print: all of them, or every second, third… when
    /// neighbours would overlap.
    private func labelsThatFit(_ x: AxisScale, size: Double) -> Set<Int> {
        let positions = x.ticks.values.map(x.position)
        let widths = x.ticks.labels.map { Style.textWidth($0, size: size) }
        for every in 1...max(1, positions.count) {
            let kept = Array(stride(from: 0, to: positions.count, by: every))
            let overlaps = zip(kept, kept.dropFirst()).contains { a, b in
                abs(positions[b] - positions[a]) < (widths[a] + widths[b]) / 2 + 8
            }
            if !overlaps { return Set(kept) }
        }
        return [0]
    }
}
