/// Small grayscale images in rows, each with a caption beneath: misclassified digits with
/// "pred 7 (p 0.98)\ntrue 2" (fast.ai's top losses), or a first layer's filters.
///
/// Each image is drawn as rectangles: one for its most common gray, then one per run of equal
/// neighbouring pixels of another gray in each row, so a grid of 100 MNIST digits stays well
/// under 1 MB. Pixels with no value are drawn red and counted in a note.
public struct ImageGrid: Chart {
    /// The text at the top, above the images.
    public var title: String
    /// The images, left to right and top to bottom.
    public var images: [GridImage]
    /// Images per row (at least 1).
    public var columns: Int
    /// Screen pixels per image pixel; nil gives about 84 screen pixels for the larger side of the
    /// largest image (3 for a 28 × 28 digit, 16 for a 5 × 5 filter).
    public var pixelSize: Int?

    /// A grid of `images`, `columns` per row (a number below 1 is taken as 1).
    public init(title: String, images: [GridImage], columns: Int = 8, pixelSize: Int? = nil) {
        (self.title, self.images, self.columns, self.pixelSize) = (title, images, max(columns, 1), pixelSize)
    }

    /// Columns `image,caption,width,height,pixel_0,pixel_1,…`: one row per image, its values as
    /// given, row by row (empty fields after a smaller image's last pixel).
    public func csv() -> String {
        let pixels = images.map(\.values.count).max() ?? 0
        var table = CSVTable(header: ["image", "caption", "width", "height"] + (0..<pixels).map { "pixel_\($0)" })
        for (index, image) in images.enumerated() {
            let values = image.values.map(csvNumber) + Array(repeating: "", count: pixels - image.values.count)
            table.rows.append(["\(index + 1)", image.caption, "\(image.width)", "\(image.height)"] + values)
        }
        return table.text
    }

    /// The title, then the images left to right and top to bottom, each framed by a thin gray
    /// line with its caption centred beneath, then the note.
    public func svg() -> String {
        let largest = images.map { max($0.width, $0.height) }.max() ?? 0
        let pixel = Double(max(pixelSize ?? 84 / max(largest, 1), 1))
        let imageWidth = Double(images.map(\.width).max() ?? 0) * pixel
        let imageHeight = Double(images.map(\.height).max() ?? 0) * pixel
        let captionLines = images.map { $0.caption.split(separator: "\n", omittingEmptySubsequences: false) }
        let lineCount = Double(captionLines.map(\.count).max() ?? 0)
        let widestCaption = captionLines.joined().map { Style.textWidth(String($0), size: 11) }.max() ?? 0
        let cellWidth = max(imageWidth, widestCaption) + 16, cellHeight = imageHeight + lineCount * 14 + 16
        let columns = max(1, min(self.columns, images.count))
        let rows = (images.count + columns - 1) / columns

        var leftOut = LeftOut()
        for (index, image) in images.enumerated() {
            leftOut.add(image.unusablePixelCount, "pixel", "without a value, drawn red", from: "image \(index + 1)")
            leftOut.add(image.ignoredValueCount, "value", "beyond width × height", from: "image \(index + 1)")
        }
        let width = max(Double(columns) * cellWidth + 32, Style.textWidth(title, size: 16) + 32, 240)
        let top = 44.0, noteHeight = leftOut.height(width: width - 32)
        var canvas = SVGCanvas(width: width, height: top + Double(rows) * cellHeight + noteHeight + 8)
        canvas.text(title, x: 16, y: 26, size: 16, bold: true)
        if images.isEmpty {
            canvas.text("no images to draw", x: width / 2, y: top + 20, size: 14, anchor: .middle, fill: Style.mutedText)
        }
        for (index, image) in images.enumerated() {
            let left = 16 + Double(index % columns) * cellWidth, cellTop = top + Double(index / columns) * cellHeight
            let x = left + (cellWidth - Double(image.width) * pixel) / 2
            draw(image, on: &canvas, x: x, y: cellTop, pixel: pixel)
            for (line, text) in captionLines[index].enumerated() {
                canvas.text(String(text), x: left + cellWidth / 2, y: cellTop + imageHeight + 14 + Double(line) * 14,
                            size: 11, anchor: .middle)
            }
        }
        leftOut.draw(on: &canvas, x: 16, y: top + Double(rows) * cellHeight + 4, width: width - 32)
        return canvas.document(title: title)
    }

    private func draw(_ image: GridImage, on canvas: inout SVGCanvas, x: Double, y: Double, pixel: Double) {
        guard image.width > 0, image.height > 0 else { return }
        var frequency: [UInt8: Int] = [:]
        for case let level? in image.levels { frequency[level, default: 0] += 1 }
        let background = frequency.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
        var group = "<g transform=\"translate(\(svgNumber(x)) \(svgNumber(y))) scale(\(svgNumber(pixel)))\" "
            + "shape-rendering=\"crispEdges\">"
        group += "<rect width=\"\(image.width)\" height=\"\(image.height)\" fill=\"\(gray(background))\"/>"
        for row in 0..<image.height {
            var column = 0
            while column < image.width {
                let level = image.levels[row * image.width + column]
                var end = column + 1
                while end < image.width && image.levels[row * image.width + end] == level { end += 1 }
                if level != background {
                    group += "<rect x=\"\(column)\" y=\"\(row)\" width=\"\(end - column)\" height=\"1\" "
                        + "fill=\"\(level.map(gray) ?? Style.warning)\"/>"
                }
                column = end
            }
        }
        canvas.append(group + "</g>")
        canvas.rect(x: x - 0.5, y: y - 0.5, width: Double(image.width) * pixel + 1, height: Double(image.height) * pixel + 1,
                    fill: "none", stroke: "#999999")
    }

    private func gray(_ level: UInt8) -> String {
        hexColor(Double(level), Double(level), Double(level))
    }
}
