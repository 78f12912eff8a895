import Foundation

/// One bar per named value, from zero up (or down, for a negative value), with the value printed
/// over its bar when there is room: accuracy per class, parameters per layer, seconds per epoch.
///
/// A value that is not finite gets no bar, a "–" in its place, and a count in the note. A value
/// without a label is named by its position (1, 2, …); labels beyond the values are ignored.
public struct BarChart: Chart {
    /// The text at the top of the chart.
    public var title: String
    /// The name under each bar, in order.
    public var labels: [String]
    /// The height of each bar, in the y axis's unit.
    public var values: [Double]
    /// The label under the bar names, with its unit: "class"; empty for none.
    public var xLabel: String
    /// The y axis label, with its unit: "accuracy (%)".
    public var yLabel: String
    /// The width of the SVG in pixels.
    public var width: Double = 640
    /// The height of the SVG in pixels; the plot area is what is left after the title, bar names
    /// (more room when slanted), axis label and note.
    public var height: Double = 360

    /// A bar per value, named by `labels` in order.
    public init(title: String, labels: [String], values: [Double], xLabel: String = "", yLabel: String) {
        (self.title, self.labels, self.values, self.xLabel, self.yLabel) = (title, labels, values, xLabel, yLabel)
    }

    private func label(_ index: Int) -> String {
        index < labels.count ? labels[index] : "\(index + 1)"
    }

    /// Columns `label,value`, one row per bar.
    public func csv() -> String {
        CSVTable(header: ["label", "value"], rows: values.indices.map { [label($0), csvNumber(values[$0])] }).text
    }

    /// The chart: title, bars with their values, the y axis with nice ticks, the bar labels
    /// (slanted when they would not fit side by side), and the note for values left out.
    public func svg() -> String {
        var leftOut = LeftOut()
        for (index, value) in values.enumerated() where !value.isFinite {
            leftOut.add(1, "value", "not finite", from: label(index))
        }
        let finite = values.filter(\.isFinite)
        let margin = 16.0, noteHeight = leftOut.height(width: width - 2 * margin)
        let top = 56.0
        let widestLabel = values.indices.map { Style.textWidth(label($0)) }.max() ?? 0
        let slotEstimate = (width - 100) / Double(max(values.count, 1))
        let slanted = widestLabel > slotEstimate - 6
        let labelDepth = slanted ? widestLabel * sin(Double.pi * 35 / 180) + 20 : 20
        let bottomMargin = labelDepth + (xLabel.isEmpty ? 0 : 22)
        let plotHeight = max(height - top - bottomMargin - noteHeight - 8, 60)
        let yTicks = AxisTicks.linear(from: min(finite.min() ?? 0, 0), to: max(finite.max() ?? 1, 0),
                                      targetCount: max(3, min(8, Int(plotHeight / 45))))
        let overhang = slanted ? widestLabel * cos(Double.pi * 35 / 180) - slotEstimate / 2 + margin : 0
        let left = max(PlotFrame.leftMargin(yTicks: yTicks, yLabel: yLabel), overhang)
        let frame = PlotFrame(left: left, top: top, width: max(width - 24 - left, 60), height: plotHeight)
        let y = frame.yScale(yTicks)

        var canvas = SVGCanvas(width: width, height: frame.bottom + bottomMargin + noteHeight + 8)
        canvas.text(title, x: margin, y: 26, size: 16, bold: true)
        frame.drawAxes(on: &canvas, x: nil, y: y, xLabel: "", yLabel: yLabel)
        if values.isEmpty {
            canvas.text("no data to draw", x: frame.left + frame.width / 2, y: frame.top + frame.height / 2,
                        size: 14, anchor: .middle, fill: Style.mutedText)
        }
        let slot = frame.width / Double(max(values.count, 1)), zero = y.position(0)
        let valueLabels = sameDecimals(values)
        for (index, value) in values.enumerated() {
            let center = frame.left + slot * (Double(index) + 0.5)
            if slanted {
                canvas.text(label(index), x: center + 4, y: frame.bottom + 14, anchor: .end, rotation: -35)
            } else {
                canvas.text(label(index), x: center, y: frame.bottom + 16, anchor: .middle)
            }
            guard value.isFinite else {
                canvas.text("–", x: center, y: zero - 4, anchor: .middle, fill: Style.warning)
                continue
            }
            let end = y.position(value)
            canvas.rect(x: center - slot * 0.4, y: min(zero, end), width: slot * 0.8, height: abs(zero - end),
                        fill: Style.color(0))
            let text = valueLabels[index]
            if Style.textWidth(text, size: 11) <= slot {
                canvas.text(text, x: center, y: value >= 0 ? end - 4 : end + 13, size: 11, anchor: .middle, fill: Style.mutedText)
            }
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, x: frame.left + frame.width / 2, y: frame.bottom + labelDepth + 16, anchor: .middle)
        }
        leftOut.draw(on: &canvas, x: margin, y: frame.bottom + bottomMargin + 10, width: width - 2 * margin)
        return canvas.document(title: title)
    }
}
