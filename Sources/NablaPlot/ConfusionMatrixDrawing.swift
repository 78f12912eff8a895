import Foundation

extension ConfusionMatrixChart {
    /// The chart: title and overall accuracy, "predicted" and the class names across the top,
    /// "true" and the class names down the left, the coloured cells with their counts, the
    /// accuracy column, and a line saying what the colours mean.
    public func svg() -> String {
        let size = counts.count
        let cell = min(max(520 / Double(max(size, 1)), 18), 48)
        let widestName = classNames.map { Style.textWidth($0) }.max() ?? 0
        let slanted = widestName > cell - 4
        let columnNamesHeight = slanted ? widestName * sin(Double.pi / 4) + 12 : 20
        let gridLeft = 16 + 22 + widestName + 8
        let gridTop = 48 + 22 + columnNamesHeight
        let gridSize = cell * Double(size)
        let accuracyWidth = 80.0
        let width = max(gridLeft + gridSize + accuracyWidth + 16, 360)
        var canvas = SVGCanvas(width: width, height: gridTop + gridSize + 40)

        canvas.text(title, x: 16, y: 26, size: 16, bold: true)
        if let accuracy {
            let total = counts.joined().reduce(0, +), correct = counts.indices.reduce(0) { $0 + counts[$1][$1] }
            canvas.text("accuracy \(percent(accuracy)) (\(grouped(correct)) of \(grouped(total)))", x: 16, y: 44, fill: Style.mutedText)
        }
        if size == 0 {
            canvas.text("no data to draw", x: width / 2, y: gridTop, size: 14, anchor: .middle, fill: Style.mutedText)
            return canvas.document(title: title)
        }
        canvas.text("predicted", x: gridLeft + gridSize / 2, y: gridTop - columnNamesHeight - 8, anchor: .middle, bold: true)
        canvas.text("true", x: 16 + 12, y: gridTop + gridSize / 2, anchor: .middle, bold: true, rotation: -90)
        canvas.text("accuracy", x: gridLeft + gridSize + accuracyWidth / 2 + 4, y: gridTop - 8, anchor: .middle, bold: true)

        for (index, name) in classNames.enumerated() {
            let center = Double(index) * cell + cell / 2
            if slanted {
                canvas.text(name, x: gridLeft + center, y: gridTop - 6, anchor: .start, rotation: -45)
            } else {
                canvas.text(name, x: gridLeft + center, y: gridTop - 6, anchor: .middle)
            }
            canvas.text(name, x: gridLeft - 8, y: gridTop + center + 4, anchor: .end)
        }
        let accuracies = accuracyPerClass
        for row in 0..<size {
            drawRow(row, on: &canvas, left: gridLeft, top: gridTop + Double(row) * cell, cell: cell)
            canvas.text(accuracies[row].map(percent) ?? "–", x: gridLeft + gridSize + accuracyWidth / 2 + 4,
                        y: gridTop + Double(row) * cell + cell / 2 + 4, anchor: .middle)
        }
        canvas.text("Colour: the share of each true class's images in the cell; numbers: counts.",
                    x: 16, y: gridTop + gridSize + 24, size: 11, fill: Style.mutedText)
        return canvas.document(title: title)
    }

    private func drawRow(_ row: Int, on canvas: inout SVGCanvas, left: Double, top: Double, cell: Double) {
        let total = counts[row].reduce(0, +)
        for (column, count) in counts[row].enumerated() {
            let share = total > 0 ? min(max(Double(count) / Double(total), 0), 1) : 0
            let x = left + Double(column) * cell
            canvas.rect(x: x, y: top, width: cell, height: cell, fill: blues(share), stroke: "#ffffff")
            let text = "\(count)"
            let fontSize = min(12, (cell - 4) / (Double(text.count) * 0.6))
            guard fontSize >= 6 else { continue }
            canvas.text(text, x: x + cell / 2, y: top + cell / 2 + fontSize * 0.35, size: fontSize, anchor: .middle,
                        fill: share > 0.5 ? "#ffffff" : Style.text)
        }
    }
}

/// A colour from white (0) to dark blue (1), the stops of matplotlib's "Blues".
func blues(_ fraction: Double) -> String {
    let stops: [(Double, Double, Double)] = [(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)]
    let position = (fraction.isFinite ? min(max(fraction, 0), 1) : 0) * Double(stops.count - 1)
    let index = min(Int(position), stops.count - 2), t = position - Double(index)
    let (a, b) = (stops[index], stops[index + 1])
    return hexColor(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
}

/// `#rrggbb` from red, green and blue in 0…255.
func hexColor(_ red: Double, _ green: Double, _ blue: Double) -> String {
    "#" + [red, green, blue].map { String(format: "%02x", Int(min(max($0, 0), 255).rounded())) }.joined()
}
