/// An SVG 1.1 document built element by element. Every number goes through `svgNumber` and every
/// text through `escaped`, so what comes out is well-formed XML without "nan" or "inf".
struct SVGCanvas {
    enum Anchor: String { case start, middle, end }

    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        (self.width, self.height) = (width, height)
    }

    /// The whole document; `title` becomes its `<title>` (shown as a tooltip, read by screen readers).
    func document(title: String) -> String {
        let size = "width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
        let opening = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \(size) "
            + "viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" font-family=\"\(Style.fontFamily)\" font-size=\"12\">"
        let background = "<rect width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" fill=\"#ffffff\"/>"
        return ([opening, "<title>\(escaped(title))</title>", background] + elements + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    mutating func append(_ element: String) {
        elements.append(element)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, opacity: Double = 1) {
        var element = "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(max(width, 0)))\" "
            + "height=\"\(svgNumber(max(height, 0)))\" fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\"" }
        if opacity < 1 { element += " fill-opacity=\"\(opacityNumber(opacity))\"" }
        elements.append(element + "/>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       dashed: Bool = false) {
        elements.append("<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\" "
            + "stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\"" + (dashed ? " stroke-dasharray=\"6 4\"/>" : "/>"))
    }

    /// `content` with its baseline at `y`; `rotation` in degrees, clockwise, about (x, y).
    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                       bold: Bool = false, fill: String = Style.text, rotation: Double = 0) {
        var element = "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\""
        if size != 12 { element += " font-size=\"\(svgNumber(size))\"" }
        if anchor != .start { element += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { element += " font-weight=\"bold\"" }
        if fill != Style.text { element += " fill=\"\(fill)\"" }
        if rotation != 0 { element += " transform=\"rotate(\(svgNumber(rotation)) \(svgNumber(x)) \(svgNumber(y)))\"" }
        elements.append(element + ">\(escaped(content))</text>")
    }

    /// A line through `points` in order (nothing for fewer than two points).
    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double, opacity: Double = 1) {
        guard points.count >= 2 else { return }
        let coordinates = points.map { "\(svgNumber($0.x)),\(svgNumber($0.y))" }.joined(separator: " ")
        var element = "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\" "
            + "stroke-linejoin=\"round\""
        if opacity < 1 { element += " stroke-opacity=\"\(opacityNumber(opacity))\"" }
        elements.append(element + " points=\"\(coordinates)\"/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
        elements.append("<circle cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"\(svgNumber(radius))\" fill=\"\(fill)\"/>")
    }
}

/// An opacity 0…1 with two decimals.
private func opacityNumber(_ value: Double) -> String {
    fixed(value.isFinite ? min(max(value, 0), 1) : 1, decimals: 2)
}

/// What every chart shares: fonts, colours, and how wide text is expected to be.
enum Style {
    static let fontFamily = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
    static let text = "#222222"
    static let mutedText = "#666666"
    static let axis = "#444444"
    static let grid = "#e4e4e4"
    static let guide = "#888888"
    static let warning = "#b03a2e"
    /// Tableau 10, the colours of matplotlib's and TensorBoard's series, in order.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    static func color(_ index: Int) -> String {
        palette[index % palette.count]
    }

    /// An estimate of the width of `text` drawn at `size` pixels: a sans-serif character is about
    /// 0.6 of the font size wide. Used to make room for labels before drawing them.
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.6
    }
}
