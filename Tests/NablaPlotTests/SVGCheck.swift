import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// What an SVG document holds, as read back by Foundation's XML parser: the element names in
/// order, the text of every `<text>` element, and every number attribute that did not read back as
/// a finite number.
final class SVGReading: NSObject, XMLParserDelegate {
    private static let numberAttributes: Set<String> = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
                                                        "width", "height", "stroke-width", "font-size",
                                                        "fill-opacity", "stroke-opacity"]
    private(set) var elements: [String] = []
    private(set) var texts: [String] = []
    private(set) var badNumbers: [String] = []
    private var characters = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(elementName)
        characters = ""
        for (name, value) in attributes where Self.numberAttributes.contains(name) {
            if !(Double(value)?.isFinite ?? false) { badNumbers.append("\(elementName) \(name)=\(value)") }
        }
        for field in (attributes["points"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) {
            if !(Double(field)?.isFinite ?? false) { badNumbers.append("\(elementName) points \(field)") }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text" { texts.append(characters) }
        characters = ""
    }

    func count(_ element: String) -> Int { elements.filter { $0 == element }.count }

    /// Whether some `<text>` element reads exactly `text`.
    func shows(_ text: String) -> Bool { texts.contains(text) }
}

/// Parses `svg` as XML and checks what every chart promises: well-formed, an `<svg>` root, every
/// coordinate a finite number, and no "nan" or "inf" anywhere in the text.
@discardableResult
func checkSVG(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGReading {
    let reading = SVGReading()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = reading
    XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
    XCTAssertEqual(reading.elements.first, "svg", file: file, line: line)
    XCTAssertEqual(reading.badNumbers, [], file: file, line: line)
    XCTAssertFalse(containsNotFiniteWord(svg), "the SVG holds nan or inf", file: file, line: line)
    return reading
}

/// Whether `text` holds "nan", "inf" or "infinity" as a word, in any case.
func containsNotFiniteWord(_ text: String) -> Bool {
    text.range(of: #"(?i)(?<![a-z])(nan|inf|infinity)(?![a-z])"#, options: .regularExpression) != nil
}

/// The rows of a CSV text, split at commas (the tests' data holds no quoted fields).
func csvRows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
