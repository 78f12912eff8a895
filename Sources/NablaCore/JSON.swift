import Foundation

/// A JSON value, and a small parser that reports errors with line and column.
///
/// Written here rather than with `JSONDecoder` so that fixture errors say exactly where a file is
/// malformed, and numbers keep full precision.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// The deepest nesting of arrays and objects `parse` accepts. Each level is a recursive call,
    /// so without a limit 30,000 brackets in a 60 kB file overflow the stack; a golden fixture
    /// nests 6 deep, a gradient-check configuration 2.
    public static let maximumDepth = 100

    /// Parses UTF-8 text; throws `NablaError.malformed` naming `file` and the line and column.
    /// Besides syntax errors it refuses nesting deeper than `maximumDepth`, a number too large for
    /// a Double (`1e999` would read as infinity), and a key given twice in one object.
    public static func parse(_ bytes: [UInt8], file: String = "<json>") throws -> JSON {
        var parser = JSONParser(bytes: bytes, file: file)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String, file: String = "<json>") throws -> JSON {
        try parse(Array(text.utf8), file: file)
    }

    /// The value's JSON kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

struct JSONParser {
    let bytes: [UInt8]
    let file: String
    var position = 0
    /// How many arrays and objects enclose the value being parsed.
    var depth = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func error(_ message: String) -> NablaError {
        var line = 1, column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return .malformed(file: file, message: "invalid JSON at line \(line), column \(column): \(message)")
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func parseValue() throws -> JSON {
        guard position < bytes.count else { throw error("unexpected end of file") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    mutating func expectWord(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8
        else { throw error("expected '\(word)'") }
        position += utf8.count
    }

    /// Enters an array or object, refusing to go deeper than `JSON.maximumDepth`.
    mutating func enter() throws {
        depth += 1
        if depth > JSON.maximumDepth {
            throw error("arrays and objects nested more than \(JSON.maximumDepth) deep; no Nabla file nests like this (damaged or not the expected file?)")
        }
    }

    mutating func parseObject() throws -> JSON {
        try enter()
        defer { depth -= 1 }
        var members: [String: JSON] = [:]
        if isEmpty(closedBy: "}") { return .object(members) }
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key string") }
            let keyStart = position
            let key = try parseString()
            if members[key] != nil {
                position = keyStart
                throw error("the key \"\(key)\" appears twice in one object")
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            position += 1
            skipWhitespace()
            members[key] = try parseValue()
        } while try another(closedBy: "}", in: "an object")
        return .object(members)
    }

    mutating func parseArray() throws -> JSON {
        try enter()
        defer { depth -= 1 }
        var elements: [JSON] = []
        if isEmpty(closedBy: "]") { return .array(elements) }
        repeat {
            skipWhitespace()
            elements.append(try parseValue())
        } while try another(closedBy: "]", in: "an array")
        return .array(elements)
    }

    /// At an opening bracket: steps past it, and past `closing` too when that follows at once.
    mutating func isEmpty(closedBy closing: Unicode.Scalar) -> Bool {
        position += 1
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: closing) else { return false }
        position += 1
        return true
    }

    /// After an element: true past a comma (another element follows), false past `closing`.
    mutating func another(closedBy closing: Unicode.Scalar, in container: String) throws -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of file inside \(container)") }
        if bytes[position] == UInt8(ascii: ",") { position += 1; return true }
        if bytes[position] == UInt8(ascii: closing) { position += 1; return false }
        throw error("expected ',' or '\(closing)' in \(container)")
    }

    mutating func parseString() throws -> String {
        position += 1
        var utf8: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "u"):
                    guard bytes.count - position >= 4,
                          let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                    else { throw error("bad \\u escape") }
                    position += 4
                    utf8.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8))
                default: utf8.append(escape)
                }
            default: utf8.append(byte)
            }
        }
        throw error("unterminated string")
    }

    mutating func parseNumber() throws -> Double {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty, let value = Double(text) else {
            position = start
            throw error(text.isEmpty ? "unexpected character '\(Character(Unicode.Scalar(bytes[start])))'" : "bad number '\(text)'")
        }
        guard value.isFinite else {
            position = start
            throw error("the number \(text) is too large for a 64-bit float (largest about 1.8e308): it would read as infinity")
        }
        return value
    }
}

extension JSON {
    /// JSON text with keys sorted, so the same value always gives the same bytes. Numbers are
    /// written in the shortest form that reads back to the same Double; whole numbers without ".0".
    public func serialized(indent: String? = "  ") -> String {
        var output = ""
        write(to: &output, indent: indent, depth: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, depth: Int) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ level: Int) -> String { indent.map { String(repeating: $0, count: level) } ?? "" }
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            if !number.isFinite { output += "null" }
            else if number.rounded() == number && abs(number) < 1e15 { output += String(Int64(number)) }
            else { output += "\(number)" }
        case .string(let text): output += JSON.quoted(text)
        case .array(let elements):
            if elements.isEmpty { output += "[]"; return }
            let scalarsOnly = elements.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalarsOnly {
                output += "[" + elements.map { $0.serialized(indent: nil) }.joined(separator: ", ") + "]"
                return
            }
            output += "[" + newline
            for (i, element) in elements.enumerated() {
                output += pad(depth + 1)
                element.write(to: &output, indent: indent, depth: depth + 1)
                output += (i + 1 < elements.count ? "," : "") + newline
            }
            output += pad(depth) + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{" + newline
            let keys = members.keys.sorted()
            for (i, key) in keys.enumerated() {
                output += pad(depth + 1) + JSON.quoted(key) + (indent == nil ? ":" : ": ")
                members[key]!.write(to: &output, indent: indent, depth: depth + 1)
                output += (i + 1 < keys.count ? "," : "") + newline
            }
            output += pad(depth) + "}"
        }
    }

    /// The short escapes of RFC 8259 §7 that the writer uses; other control characters get \uXXXX.
    private static let escapes: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"]

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            if let escape = escapes[scalar] {
                result += escape
            } else if scalar.value < 0x20 {
                result += String(format: "\\u%04x", scalar.value)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
