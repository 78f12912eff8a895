/// The key of a chart: a swatch and a name per entry, laid out left to right in rows that wrap
/// within the width given.
struct Legend {
    enum Swatch { case line, box }

    struct Entry {
        var name: String
        var color: String
        var swatch: Swatch = .line
    }

    static let rowHeight = 18.0
    private static let swatchWidth = 22.0, gap = 18.0

    var entries: [Entry]

    /// The left edge and row of each entry, for a legend `width` pixels wide.
    func layout(width: Double) -> [(x: Double, row: Int)] {
        var placed: [(x: Double, row: Int)] = []
        var x = 0.0, row = 0
        for entry in entries {
            let entryWidth = Self.swatchWidth + 6 + Style.textWidth(entry.name)
            if x > 0 && x + entryWidth > width { (x, row) = (0, row + 1) }
            placed.append((x, row))
            x += entryWidth + Self.gap
        }
        return placed
    }

    func rowCount(width: Double) -> Int {
        entries.isEmpty ? 0 : (layout(width: width).last?.row ?? 0) + 1
    }

    /// Draws the legend with its first row's text baseline at `top + 13`.
    func draw(on canvas: inout SVGCanvas, left: Double, top: Double, width: Double) {
        for (entry, place) in zip(entries, layout(width: width)) {
            let x = left + place.x, middle = top + Double(place.row) * Self.rowHeight + 9
            switch entry.swatch {
            case .line: canvas.line(x1: x, y1: middle, x2: x + Self.swatchWidth, y2: middle, stroke: entry.color, width: 3)
            case .box: canvas.rect(x: x + 6, y: middle - 5, width: 10, height: 10, fill: entry.color)
            }
            canvas.text(entry.name, x: x + Self.swatchWidth + 6, y: middle + 4)
        }
    }
}

/// `text` cut at spaces into lines of at most `width` pixels (a word longer than that gets a line
/// of its own).
func wrapped(_ text: String, width: Double, size: Double = 12) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if !current.isEmpty && Style.textWidth(candidate, size: size) > width {
            lines.append(current)
            current = String(word)
        } else {
            current = candidate
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}
