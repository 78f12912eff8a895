import Foundation
import NablaCore

/// A file in the IDX format of the MNIST database (http://yann.lecun.com/exdb/mnist/):
///
///     bytes 0–1   0x00 0x00
///     byte  2     the element type (0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
///                 0x0C int32, 0x0D float32, 0x0E float64)
///     byte  3     the number of dimensions n
///     then        n sizes, 32-bit big-endian, outermost first
///     then        the elements in row-major order, big-endian
///
/// The file may be gzipped: that is recognised by its first two bytes (1f 8b), not by its name.
public struct IDXFile: Equatable, Sendable {
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case unsignedByte = 0x08, signedByte = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        public var byteCount: Int {
            switch self {
            case .unsignedByte, .signedByte: return 1
            case .int16: return 2
            case .int32, .float32: return 4
            case .float64: return 8
            }
        }
    }

    public let elementType: ElementType
    /// The sizes of the dimensions, outermost first: [60000, 28, 28] for MNIST's training images.
    public let shape: [Int]
    /// The elements as stored (big-endian for types wider than a byte).
    public let data: [UInt8]

    public init(elementType: ElementType, shape: [Int], data: [UInt8]) {
        require(shape.reduce(1, *) * elementType.byteCount == data.count,
                "IDXFile: shape \(describe(shape: shape)) of \(elementType) needs \(shape.reduce(1, *) * elementType.byteCount) bytes, got \(data.count)")
        self.elementType = elementType
        self.shape = shape
        self.data = data
    }

    /// Reads and checks the IDX file at `path`, gzipped or not.
    public static func read(path: String) throws(NablaError) -> IDXFile {
        try IDXFile(parsing: Gzip.contents(ofFile: path), file: path)
    }

    /// Parses IDX bytes, first decompressing them if they are gzip data; `file` names them in errors.
    /// The bytes are consumed: the header is removed in place, so the elements are not copied
    /// (MNIST's training images are 47 MB).
    public init(parsing bytes: consuming [UInt8], file: String) throws(NablaError) {
        var raw = consume bytes
        if Gzip.isGzip(raw) { raw = try Gzip.decompress(raw, file: file) }
        func malformed(_ message: String) -> NablaError {
            .malformed(file: file, message: "not a valid IDX file: \(message)")
        }
        guard raw.count >= 4 else { throw malformed("only \(raw.count) bytes, shorter than the 4-byte header") }
        guard raw[0] == 0, raw[1] == 0 else {
            throw malformed(String(format: "the magic number starts with %02x %02x, not 00 00", raw[0], raw[1]))
        }
        guard let elementType = ElementType(rawValue: raw[2]) else {
            throw malformed(String(format: "unknown element type 0x%02x (known: 08, 09, 0B, 0C, 0D, 0E)", raw[2]))
        }
        let dimensionCount = Int(raw[3])
        let headerSize = 4 + 4 * dimensionCount
        guard raw.count >= headerSize else {
            throw malformed("the header declares \(dimensionCount) dimensions (\(headerSize) bytes) but the file has \(raw.count) bytes (truncated)")
        }
        let shape = (0..<dimensionCount).map { d in
            raw[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | Int($1) }
        }
        var elementCount = 1
        for size in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
            if overflow { throw malformed("sizes \(describe(shape: shape)) are too large") }
            elementCount = product
        }
        let dataSize = raw.count - headerSize
        let expected = elementCount.multipliedReportingOverflow(by: elementType.byteCount)
        guard !expected.overflow, expected.partialValue == dataSize else {
            let needed = expected.overflow ? "more than \(Int.max)" : "\(expected.partialValue)"
            let problem = !expected.overflow && expected.partialValue > dataSize ? " (truncated)" : ""
            throw malformed("sizes \(describe(shape: shape)) of \(elementType) need \(needed) data bytes, the file has \(dataSize)\(problem)")
        }
        raw.removeSubrange(0..<headerSize)
        self.init(elementType: elementType, shape: shape, data: raw)
    }

    /// The IDX bytes of this file (not gzipped).
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, elementType.rawValue, UInt8(shape.count)]
        for size in shape { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: size >> $0) } }
        return bytes + data
    }
}
