import NablaCore

/// Seeded mutations of valid inputs, for testing that a parser ends every damaged input in a
/// clear error: the same seed gives the same inputs, so a failure found once is found again.
///
/// Byte-level edits model damage (a flipped bit, a truncated download, a spliced file); the JSON
/// edits model what people write by hand or what a tool gets wrong (a misspelled key, a null, a
/// number beyond the range of a Double, a shape that overflows, nesting 30,000 deep).
public struct InputMutator {
    /// The source of every choice: where to edit, what to write.
    public private(set) var generator: RandomGenerator

    /// A mutator whose edits follow from `seed` alone.
    public init(seed: UInt64) { generator = RandomGenerator(seed: seed) }

    /// Bytes that sit at the edges of what a field can hold.
    static let edgeBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]
    /// 32-bit values at the edges of sizes and counts (IDX dimensions, gzip lengths).
    static let edgeWords: [UInt32] = [0, 1, 2, 28, 255, 256, 60_000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]

    /// `input` with one to four random edits: bit flips, edge bytes, edge 32-bit words, insertions,
    /// deletions, duplicated ranges, truncation, or a splice with one of `others`.
    public mutating func mutate(_ input: [UInt8], others: [[UInt8]] = []) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + generator.int(below: 4)) { edit(&bytes, others: others) }
        return bytes
    }

    private mutating func edit(_ bytes: inout [UInt8], others: [[UInt8]]) {
        let position = bytes.isEmpty ? 0 : generator.int(below: bytes.count)
        switch generator.int(below: 9) {
        case 0 where !bytes.isEmpty:
            bytes[position] ^= UInt8(1) << UInt8(generator.int(below: 8))
        case 1 where !bytes.isEmpty:
            bytes[position] = Self.edgeBytes[generator.int(below: Self.edgeBytes.count)]
        case 2 where bytes.count >= 4:
            // A big-endian word (IDX) or a little-endian one (gzip), at any offset.
            let word = Self.edgeWords[generator.int(below: Self.edgeWords.count)]
            let start = generator.int(below: bytes.count - 3)
            let bigEndian = generator.int(below: 2) == 0
            for k in 0..<4 { bytes[start + k] = UInt8(truncatingIfNeeded: word >> UInt32(8 * (bigEndian ? 3 - k : k))) }
        case 3:
            let count = 1 + generator.int(below: 8)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, at: position)
        case 4 where !bytes.isEmpty:
            bytes.removeSubrange(position..<min(bytes.count, position + 1 + generator.int(below: 16)))
        case 5 where !bytes.isEmpty:
            let end = min(bytes.count, position + 1 + generator.int(below: 64))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        case 6:
            bytes.removeSubrange(position..<bytes.count)
        case 7 where !others.isEmpty:
            let other = others[generator.int(below: others.count)]
            let cut = other.isEmpty ? 0 : generator.int(below: other.count)
            bytes = Array(bytes[..<position]) + other[cut...]
        default:
            if !bytes.isEmpty { bytes[position] = UInt8(truncatingIfNeeded: generator.next()) }
        }
    }

    /// Numbers a reader must not take at face value.
    static let edgeNumbers = ["1e999", "-1e999", "-1", "0", "-0", "1e308", "1e-400", "0.5", "2147483648",
                              "4611686018427387904", "9223372036854775808", "1e19", "9007199254740993", "1e12", "65536"]
    /// Values of the wrong kind.
    static let wrongValues = ["null", "true", "\"x\"", "[]", "{}", "NaN", "Infinity", "[[[[1]]]]"]

    /// JSON `text` with one edit (two, one time in four) that mostly keeps it valid JSON, so the
    /// reader behind the parser is tested too: a number replaced by an edge number, a value by
    /// one of the wrong kind, a key or string misspelled, a value nested far too deep, a member
    /// removed or repeated.
    public mutating func mutateJSON(_ text: [UInt8]) -> [UInt8] {
        var bytes = text
        for _ in 0..<(generator.int(below: 4) == 0 ? 2 : 1) {
            let tokens = JSONTokens(bytes)
            switch generator.int(below: 7) {
            case 0...1 where !tokens.numbers.isEmpty:
                let range = tokens.numbers[generator.int(below: tokens.numbers.count)]
                bytes.replaceSubrange(range, with: Array(Self.edgeNumbers[generator.int(below: Self.edgeNumbers.count)].utf8))
            case 2 where !tokens.values.isEmpty:
                let range = tokens.values[generator.int(below: tokens.values.count)]
                bytes.replaceSubrange(range, with: Array(Self.wrongValues[generator.int(below: Self.wrongValues.count)].utf8))
            case 3 where !tokens.strings.isEmpty:
                let range = tokens.strings[generator.int(below: tokens.strings.count)]
                bytes.replaceSubrange(range, with: misspelled(Array(bytes[range])))
            case 4 where !tokens.values.isEmpty:
                let range = tokens.values[generator.int(below: tokens.values.count)]
                let depth = [2, 50, 200, 30_000][generator.int(below: 4)]
                bytes.replaceSubrange(range, with: [UInt8](repeating: UInt8(ascii: "["), count: depth) + bytes[range]
                                      + [UInt8](repeating: UInt8(ascii: "]"), count: depth))
            case 5 where !tokens.members.isEmpty:
                bytes.removeSubrange(tokens.members[generator.int(below: tokens.members.count)])
            case 6 where !tokens.members.isEmpty:
                let range = tokens.members[generator.int(below: tokens.members.count)]
                bytes.insert(contentsOf: bytes[range], at: range.lowerBound)
            default:
                // A digit changed inside a number: a value slightly or wildly off.
                guard !tokens.numbers.isEmpty else { edit(&bytes, others: []); continue }
                let range = tokens.numbers[generator.int(below: tokens.numbers.count)]
                let position = range.lowerBound + generator.int(below: range.count)
                if bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9") {
                    bytes[position] = UInt8(ascii: "0") + UInt8(generator.int(below: 10))
                }
            }
        }
        return bytes
    }

    /// A string token (quotes included) with one letter dropped, doubled or changed.
    private mutating func misspelled(_ token: [UInt8]) -> [UInt8] {
        guard token.count > 2 else { return Array("\"x\"".utf8) }
        var inner = Array(token.dropFirst().dropLast())
        let position = generator.int(below: inner.count)
        switch generator.int(below: 3) {
        case 0: inner.remove(at: position)
        case 1: inner.insert(inner[position], at: position)
        default: inner[position] = UInt8(ascii: "a") + UInt8(generator.int(below: 26))
        }
        return [UInt8(ascii: "\"")] + inner + [UInt8(ascii: "\"")]
    }
}

/// Where the numbers, strings, scalar values and object members of JSON text are, found by a
/// scan that tolerates damaged text (it is only used to choose where to edit).
struct JSONTokens {
    var numbers: [Range<Int>] = [], strings: [Range<Int>] = [], values: [Range<Int>] = []
    /// `"key": value` followed by a comma, for removing or repeating a member.
    var members: [Range<Int>] = []

    init(_ bytes: [UInt8]) {
        var i = 0
        // The start of the key whose member is open, at each depth of nesting.
        var keyStarts: [Int: Int] = [:]
        var depth = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                var j = i + 1
                while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                let end = min(j + 1, bytes.count)
                strings.append(i..<end)
                var k = end
                while k < bytes.count && (bytes[k] == 0x20 || bytes[k] == 0x0A) { k += 1 }
                if k < bytes.count && bytes[k] == UInt8(ascii: ":") { keyStarts[depth] = i } else { values.append(i..<end) }
                i = end
            } else if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                var j = i
                while j < bytes.count, "+-0123456789.eE".utf8.contains(bytes[j]) { j += 1 }
                numbers.append(i..<j)
                values.append(i..<j)
                i = j
            } else {
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    keyStarts[depth] = nil
                    depth -= 1
                case UInt8(ascii: ","):
                    if let start = keyStarts.removeValue(forKey: depth) { members.append(start..<(i + 1)) }
                default: break
                }
                i += 1
            }
        }
    }
}
