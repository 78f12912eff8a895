/// A run's report as one HTML5 page (`index.html`): its title and summary, a table of final
/// results, a table of settings, the figures (each SVG inlined or linked, with its caption and
/// links to its SVG and CSV files), and blocks of preformatted text such as a model summary.
///
/// The page needs no JavaScript and no network: its stylesheet is inside it, and with `.inline`
/// figures it shows every chart on its own. Every text (titles, captions, settings) is escaped.
///
/// ```swift
/// var report = HTMLReport(title: "ch4-cnn, LeNet-5 on MNIST")
/// report.results = [("test accuracy", "99.21%"), ("time", "31.4 s")]
/// report.settings = [("epochs", "12"), ("learning rate", "0.05")]
/// report.figures = [Figure(name: "loss", chart: lossChart, caption: "Loss per step, averaged over 43 steps.")]
/// try PlotDirectory.write(report, to: "runs/lenet")   // index.html, loss.svg, loss.csv
/// ```
public struct HTMLReport: Sendable {
    /// Where the page finds each figure's drawing.
    public enum Embedding: Sendable {
        /// The SVG text inside the page: one file holds everything.
        case inline
        /// An `<img>` of the figure's .svg file beside the page: a smaller page that needs its folder.
        case linked
    }

    /// The page's heading and the browser tab's title.
    public var title: String
    /// A paragraph under the title: what was run, when, on what.
    public var summary: String
    /// The run's final numbers, shown first: ("test accuracy", "99.21%").
    public var results: [(key: String, value: String)]
    /// The run's settings: ("epochs", "12"), ("seed", "42").
    public var settings: [(key: String, value: String)]
    /// The charts, in the order shown and numbered.
    public var figures: [Figure]
    /// Blocks of preformatted text shown after the figures, each under its title, in a fixed-width
    /// font with spaces and line breaks kept: ("Model", a model summary), ("Log", …).
    public var textBlocks: [(title: String, text: String)]
    /// Whether the figures' SVG is inside the page or beside it.
    public var embedding: Embedding

    /// A report; every part but the title may be left empty and filled in later.
    public init(title: String, summary: String = "", results: [(key: String, value: String)] = [],
                settings: [(key: String, value: String)] = [], figures: [Figure] = [],
                textBlocks: [(title: String, text: String)] = [], embedding: Embedding = .inline) {
        (self.title, self.summary, self.results, self.settings) = (title, summary, results, settings)
        (self.figures, self.textBlocks, self.embedding) = (figures, textBlocks, embedding)
    }

    /// The names of the figures' files without extension, in order: each figure's `name` made safe
    /// for a file (letters, digits, "-", "_", "."), and unique.
    public var fileNames: [String] { fileStems(of: figures) }

    /// The page, as text.
    public func html() -> String {
        let names = fileNames
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escaped(title))</title>
            <style>
            \(reportStylesheet)</style>
            </head>
            <body>
            <main>
            <h1>\(escaped(title))</h1>

            """
        if !summary.isEmpty { page += "<p class=\"summary\">\(escaped(summary))</p>\n" }
        if !figures.isEmpty {
            page += "<nav>\n<ol>\n"
            for (figure, name) in zip(figures, names) {
                page += "<li><a href=\"#\(escaped(name))\">\(escaped(figure.chart.title))</a></li>\n"
            }
            page += "</ol>\n</nav>\n"
        }
        if !results.isEmpty || !settings.isEmpty {
            page += "<section class=\"tables\">\n"
            page += table("Results", results) + table("Settings", settings)
            page += "</section>\n"
        }
        for (index, (figure, name)) in zip(figures, names).enumerated() {
            page += figureHTML(figure, name: name, number: index + 1)
        }
        for block in textBlocks {
            page += "<section>\n<h2>\(escaped(block.title))</h2>\n<pre>\(escaped(block.text))</pre>\n</section>\n"
        }
        return page + "</main>\n</body>\n</html>\n"
    }

    private func table(_ heading: String, _ rows: [(key: String, value: String)]) -> String {
        guard !rows.isEmpty else { return "" }
        let body = rows.map { "<tr><th scope=\"row\">\(escaped($0.key))</th><td>\(escaped($0.value))</td></tr>\n" }.joined()
        return "<div>\n<h2>\(heading)</h2>\n<table>\n\(body)</table>\n</div>\n"
    }

    private func figureHTML(_ figure: Figure, name: String, number: Int) -> String {
        let drawing: String
        switch embedding {
        case .inline: drawing = figure.chart.svg()
        case .linked: drawing = "<img src=\"\(escaped(name)).svg\" alt=\"\(escaped(figure.chart.title))\">\n"
        }
        let caption = figure.caption.isEmpty ? "" : " " + escaped(figure.caption)
        return """
            <figure id="\(escaped(name))">
            \(drawing)<figcaption><strong>Figure \(number).</strong>\(caption)
            <span class="files"><a href="\(escaped(name)).svg">SVG</a> · <a href="\(escaped(name)).csv">data (CSV)</a></span></figcaption>
            </figure>

            """
    }
}
