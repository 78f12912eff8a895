import Foundation
import NablaCore

/// A safetensors file: named tensors and string metadata, the format PyTorch and Hugging Face use
/// to keep weights (https://github.com/huggingface/safetensors, "Format"):
///
///     8 bytes      N, the header's length, unsigned little-endian
///     N bytes      a JSON object: for each tensor, "name": {"dtype": "F32", "shape": [6, 1, 5, 5],
///                  "data_offsets": [begin, end]}, and optionally "__metadata__": {"key": "text"}
///     the rest     the tensors' bytes, little-endian and row-major, each at [begin, end) of this part
///
/// The rules a reader enforces (the reference implementation's): the header is at most 100 MB and
/// starts with `{`; every tensor's byte count is its shape's element count times its element size;
/// the tensors tile the data part exactly, without gaps or overlaps; names are unique.
public struct SafeTensors: Sendable {
    /// The element types this implementation reads and writes.
    public enum DType: String, Sendable {
        case f64 = "F64", f32 = "F32", i64 = "I64", i32 = "I32", u8 = "U8"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .u8: 1
            }
        }
    }

    /// One tensor: its name, element type, shape, and its elements' bytes (little-endian).
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        public let bytes: [UInt8]

        public init(name: String, dtype: DType, shape: [Int], bytes: [UInt8]) {
            (self.name, self.dtype, self.shape, self.bytes) = (name, dtype, shape, bytes)
        }
    }

    /// The tensors, in the order they were added (and are stored).
    public private(set) var entries: [Entry] = []
    /// The header's `__metadata__`: text under text keys.
    public var metadata: [String: String] = [:]

    /// The largest header a reader accepts, as the reference implementation: 100 MB.
    public static let maximumHeaderSize = 100_000_000

    public init() {}

    /// The tensor named `name`, or nil.
    public subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    /// Adds a tensor of 32-bit floats, `shape` row-major. A name already present is a programming error.
    public mutating func append(_ name: String, shape: [Int], floats: [Float]) {
        require(shape.reduce(1, *) == floats.count, "SafeTensors: '\(name)' has shape \(shape) but \(floats.count) values")
        var bytes = [UInt8]()
        bytes.reserveCapacity(floats.count * 4)
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        append(Entry(name: name, dtype: .f32, shape: shape, bytes: bytes))
    }

    /// Adds a tensor of 64-bit signed integers (PyTorch's `int64`, e.g. `num_batches_tracked`).
    public mutating func append(_ name: String, shape: [Int], integers: [Int64]) {
        require(shape.reduce(1, *) == integers.count, "SafeTensors: '\(name)' has shape \(shape) but \(integers.count) values")
        var bytes = [UInt8]()
        for value in integers { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(Entry(name: name, dtype: .i64, shape: shape, bytes: bytes))
    }

    public mutating func append(_ entry: Entry) {
        require(self[entry.name] == nil, "SafeTensors: '\(entry.name)' is added twice")
        entries.append(entry)
    }

    /// The values of the F32 or F64 tensor `name` as floats, with its shape. Throws, naming the file
    /// and the tensor, when there is no such tensor or it holds integers.
    public func floats(_ name: String, file: String) throws(NablaError) -> (shape: [Int], values: [Float]) {
        guard let entry = self[name] else {
            throw NablaError.malformed(file: file, message: "has no tensor '\(name)' (it holds \(entries.map(\.name).joined(separator: ", ")))")
        }
        switch entry.dtype {
        case .f32:
            return (entry.shape, stride(from: 0, to: entry.bytes.count, by: 4).map { Float(bitPattern: littleEndianInteger(entry.bytes, at: $0)) })
        case .f64:
            return (entry.shape, stride(from: 0, to: entry.bytes.count, by: 8).map { Float(Double(bitPattern: littleEndianInteger(entry.bytes, at: $0))) })
        default:
            throw NablaError.malformed(file: file, message: "tensor '\(name)' holds \(entry.dtype.rawValue), expected F32 or F64")
        }
    }

    // MARK: - Bytes

    /// The file's bytes. The header is padded with spaces to a multiple of 8 bytes, as the reference
    /// implementation writes it, so the data part starts aligned.
    public func encoded() -> [UInt8] {
        var header: [String: JSON] = [:]
        var offset = 0
        for entry in entries {
            header[entry.name] = .object(["dtype": .string(entry.dtype.rawValue),
                                          "shape": .array(entry.shape.map { .number(Double($0)) }),
                                          "data_offsets": .array([.number(Double(offset)), .number(Double(offset + entry.bytes.count))])])
            offset += entry.bytes.count
        }
        if !metadata.isEmpty { header["__metadata__"] = .object(metadata.mapValues { .string($0) }) }
        var headerBytes = Array(JSON.object(header).serialized(indent: nil).utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes += $0 }
        bytes += headerBytes
        for entry in entries { bytes += entry.bytes }
        return bytes
    }

    /// Reads a file's bytes; `file` names it in errors. Throws `NablaError.malformed` saying what is
    /// wrong: a truncated file, a header that is not JSON or lies about sizes or offsets, a type
    /// this implementation does not read.
    public static func decode(_ bytes: [UInt8], file: String) throws(NablaError) -> SafeTensors {
        func bad(_ message: String) -> NablaError {
            .malformed(file: file, message: "is not a valid safetensors file: \(message)")
        }
        guard bytes.count >= 8 else { throw bad("\(bytes.count) bytes, fewer than the 8 of the header's length") }
        let headerSize = littleEndianInteger(bytes, at: 0) as UInt64
        guard headerSize <= UInt64(maximumHeaderSize) else { throw bad("a header of \(headerSize) bytes, over the 100 MB limit") }
        guard 8 + Int(headerSize) <= bytes.count else {
            throw bad("the header claims \(headerSize) bytes but the file has \(bytes.count - 8) after its length (truncated?)")
        }
        let headerBytes = Array(bytes[8..<(8 + Int(headerSize))])
        guard headerBytes.first == UInt8(ascii: "{") else { throw bad("the header does not start with '{'") }
        let header: JSON
        do { header = try JSON.parse(headerBytes, file: file) } catch { throw bad("its header is not JSON (\(error))") }
        guard case .object(let members) = header else { throw bad("its header is not a JSON object") }
        let dataStart = 8 + Int(headerSize), dataSize = bytes.count - dataStart
        var result = SafeTensors()
        var stored: [(range: Range<Int>, entry: Entry)] = []
        for (name, value) in members {
            if name == "__metadata__" {
                guard case .object(let pairs) = value else { throw bad("__metadata__ is not an object") }
                for (key, text) in pairs {
                    guard case .string(let string) = text else { throw bad("__metadata__.\(key) is not a string") }
                    result.metadata[key] = string
                }
                continue
            }
            let (dtype, shape, range) = try describe(name, value, dataSize: dataSize, bad: bad)
            stored.append((range, Entry(name: name, dtype: dtype, shape: shape,
                                        bytes: Array(bytes[(dataStart + range.lowerBound)..<(dataStart + range.upperBound)]))))
        }
        // The tensors tile the data part: in the order they are stored, each starts where the last one ended.
        stored.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var end = 0
        for (range, entry) in stored {
            guard range.lowerBound == end else {
                throw bad(range.lowerBound < end ? "tensor '\(entry.name)' overlaps the one before it"
                                                 : "a gap of \(range.lowerBound - end) bytes before tensor '\(entry.name)'")
            }
            end = range.upperBound
        }
        guard end == dataSize else { throw bad("\(dataSize - end) bytes after the last tensor belong to none") }
        result.entries = stored.map(\.entry)
        return result
    }

    /// One header entry's type, shape and byte range, checked against each other and the data's size.
    private static func describe(_ name: String, _ value: JSON, dataSize: Int, bad: (String) -> NablaError)
        throws(NablaError) -> (DType, [Int], Range<Int>) {
        guard case .object(let fields) = value, case .string(let typeName)? = fields["dtype"],
              case .array(let shapeValues)? = fields["shape"], case .array(let offsetValues)? = fields["data_offsets"],
              offsetValues.count == 2 else {
            throw bad("tensor '\(name)' lacks dtype, shape or a [begin, end] data_offsets")
        }
        guard let dtype = DType(rawValue: typeName) else {
            throw bad("tensor '\(name)' has dtype \(typeName); this reader takes F64, F32, I64, I32 and U8")
        }
        let shape = try shapeValues.map { (dimension) throws(NablaError) -> Int in
            guard case .number(let n) = dimension, n >= 0, n.rounded() == n, n <= Double(dataSize) else {
                throw bad("tensor '\(name)' has a dimension that is not a size: \(dimension)")
            }
            return Int(n)
        }
        let offsets = try offsetValues.map { (offset) throws(NablaError) -> Int in
            guard case .number(let n) = offset, n >= 0, n.rounded() == n, n <= Double(dataSize) else {
                throw bad("tensor '\(name)' has data_offsets \(offsetValues) outside the \(dataSize) bytes of data")
            }
            return Int(n)
        }
        guard offsets[0] <= offsets[1] else { throw bad("tensor '\(name)' has data_offsets that end before they begin") }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= dataSize else { throw bad("tensor '\(name)' has shape \(shape), larger than the file") }
            count = product
        }
        guard count * dtype.size == offsets[1] - offsets[0] else {
            throw bad("tensor '\(name)' of shape \(shape) and dtype \(typeName) needs \(count * dtype.size) bytes, its data_offsets give \(offsets[1] - offsets[0])")
        }
        return (dtype, shape, offsets[0]..<offsets[1])
    }
}

/// The unsigned integer stored little-endian at `bytes[offset...]`.
@inline(__always)
private func littleEndianInteger<Integer: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int) -> Integer {
    var value: Integer = 0
    for i in 0..<(Integer.bitWidth / 8) { value |= Integer(bytes[offset + i]) << (8 * i) }
    return value
}
