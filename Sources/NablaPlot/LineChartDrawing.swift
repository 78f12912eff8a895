extension LineChart {
    /// Points joined by one stretch of line: all drawable, none left out between them.
    typealias Run = [(x: Double, y: Double)]

    /// What one series draws: the runs of its points, and of its moving average when smoothed.
    private struct Trace {
        var legendName: String
        var color: String
        var points: [Run]
        var average: [Run]?

        var pointCount: Int { points.reduce(0) { $0 + $1.count } }
        var allPoints: Run { points.flatMap { $0 } + (average ?? []).flatMap { $0 } }
    }

    /// The chart: title, legend, axes with nice ticks, guides (their labels on a white band over
    /// the data), the series (faint points under their moving average when smoothed; dots where
    /// there are few points or a point stands alone), and the note saying what was left out.
    public func svg() -> String {
        var leftOut = LeftOut()
        let traces = series.enumerated().map { trace(of: $1, color: Style.color($0), leftOut: &leftOut) }
        let shownGuides = guides.filter { guide in
            let drawable = guide.y.isFinite && (yScale == .linear || guide.y > 0)
            if !drawable { leftOut.add(1, "guide line", "the y axis cannot show", from: guide.label) }
            return drawable
        }
        let points = traces.flatMap(\.allPoints)

        let margin = 16.0, contentWidth = width - 2 * margin
        let legend = Legend(entries: traces.map { Legend.Entry(name: $0.legendName, color: $0.color) })
        let legendTop = 40.0
        let top = legendTop + Double(legend.rowCount(width: contentWidth)) * Legend.rowHeight + 12
        let noteHeight = leftOut.height(width: contentWidth)
        let plotHeight = max(height - top - PlotFrame.bottomMargin(xLabel: xLabel) - noteHeight - 8, 60)
        let yTicks = ticks(points.map(\.y) + shownGuides.map(\.y), yScale, targetCount: Int(plotHeight / 45))
        let left = PlotFrame.leftMargin(yTicks: yTicks, yLabel: yLabel)
        let frame = PlotFrame(left: left, top: top, width: max(width - 24 - left, 60), height: plotHeight)
        let xTicks = ticks(points.map(\.x), xScale, targetCount: Int(frame.width / 90))
        let (x, y) = (frame.xScale(xTicks), frame.yScale(yTicks))

        var canvas = SVGCanvas(width: max(width, frame.right + 24),
                               height: frame.bottom + PlotFrame.bottomMargin(xLabel: xLabel) + noteHeight + 8)
        canvas.text(title, x: margin, y: 26, size: 16, bold: true)
        legend.draw(on: &canvas, left: margin, top: legendTop, width: contentWidth)
        frame.drawAxes(on: &canvas, x: x, y: y, xLabel: xLabel, yLabel: yLabel)
        for guide in shownGuides {
            let position = y.position(guide.y)
            canvas.line(x1: frame.left, y1: position, x2: frame.right, y2: position, stroke: Style.guide, width: 1.5, dashed: true)
        }
        if points.isEmpty {
            canvas.text("no data to draw", x: frame.left + frame.width / 2, y: frame.top + frame.height / 2,
                        size: 14, anchor: .middle, fill: Style.mutedText)
        }
        for trace in traces {
            draw(trace, on: &canvas, x: x, y: y)
        }
        for guide in shownGuides {
            let position = y.position(guide.y), labelWidth = Style.textWidth(guide.label, size: 11)
            canvas.rect(x: frame.right - 8 - labelWidth, y: position - 17, width: labelWidth + 8, height: 15,
                        fill: "#ffffff", opacity: 0.85)
            canvas.text(guide.label, x: frame.right - 4, y: position - 5, size: 11, anchor: .end)
        }
        leftOut.draw(on: &canvas, x: margin, y: frame.bottom + PlotFrame.bottomMargin(xLabel: xLabel) + 10,
                     width: contentWidth)
        return canvas.document(title: title)
    }

    private func draw(_ trace: Trace, on canvas: inout SVGCanvas, x: AxisScale, y: AxisScale) {
        let place = { (point: (x: Double, y: Double)) in (x: x.position(point.x), y: y.position(point.y)) }
        let smoothed = trace.average != nil
        for run in trace.points {
            canvas.polyline(run.map(place), stroke: trace.color, width: smoothed ? 1 : 1.8, opacity: smoothed ? 0.3 : 1)
        }
        for run in trace.average ?? [] {
            canvas.polyline(run.map(place), stroke: trace.color, width: 2.2)
        }
        let dotEverything = trace.pointCount <= 40
        for run in trace.points where dotEverything || run.count == 1 {
            for point in run.map(place) {
                canvas.circle(x: point.x, y: point.y, radius: 2.5, fill: trace.color)
            }
        }
    }

    private func trace(of line: Series, color: String, leftOut: inout LeftOut) -> Trace {
        let pairs = min(line.x.count, line.y.count)
        leftOut.add(max(line.x.count, line.y.count) - pairs, "value", "without a partner (x and y counts differ)",
                    from: line.name)
        let (points, notFinite, notPositive) = runs(x: Array(line.x.prefix(pairs)), y: Array(line.y.prefix(pairs)))
        leftOut.add(notFinite, "point", "not finite", from: line.name)
        leftOut.add(notPositive, "point", "≤ 0 on a log axis", from: line.name)
        guard let window = line.movingAverageWindow else {
            return Trace(legendName: line.name, color: color, points: points, average: nil)
        }
        let average = runs(x: Array(line.x.prefix(pairs)), y: movingAverage(Array(line.y.prefix(pairs)), window: window))
        let name = "\(line.name), mean of last \(max(window, 1)) (faint: each point)"
        return Trace(legendName: name, color: color, points: points, average: average.runs)
    }

    /// The points cut into runs at every point the axes cannot show, and how many were left out.
    private func runs(x: [Double], y: [Double]) -> (runs: [Run], notFinite: Int, notPositive: Int) {
        var runs: [Run] = [], current: Run = []
        var notFinite = 0, notPositive = 0
        for (px, py) in zip(x, y) {
            if !px.isFinite || !py.isFinite {
                notFinite += 1
            } else if (xScale == .logarithmic && px <= 0) || (yScale == .logarithmic && py <= 0) {
                notPositive += 1
            } else {
                current.append((px, py))
                continue
            }
            if !current.isEmpty { runs.append(current) }
            current = []
        }
        if !current.isEmpty { runs.append(current) }
        return (runs, notFinite, notPositive)
    }

    private func ticks(_ values: [Double], _ scale: Scale, targetCount: Int) -> AxisTicks {
        let count = max(3, min(targetCount, 10))
        switch scale {
        case .linear: return .linear(from: values.min() ?? 0, to: values.max() ?? 1, targetCount: count)
        case .logarithmic: return .logarithmic(from: values.min() ?? 1, to: values.max() ?? 10)
        }
    }
}
