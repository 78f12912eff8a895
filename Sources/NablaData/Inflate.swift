/// DEFLATE decompression (RFC 1951): the compressed format inside gzip, zip and PNG.
///
/// A DEFLATE stream is a series of blocks, each stored (raw bytes), compressed with fixed Huffman
/// codes, or compressed with dynamic Huffman codes sent at the start of the block. Compressed
/// blocks hold literal bytes and (length, distance) pairs: "copy `length` bytes from `distance`
/// bytes back" (LZ77).
public enum Inflate {
    /// The most bytes one stream may inflate to when the caller knows nothing better: 1 GiB.
    public static let defaultLimit = 1 << 30

    /// Decompresses the DEFLATE stream that starts at `start` in `input`. Returns the bytes and
    /// the offset just past the stream (where gzip's trailer begins).
    /// `expectedSize` only sizes the first allocation; more than `limit` bytes of output is an
    /// error, thrown before anything beyond `limit` is allocated.
    public static func decompress(_ input: UnsafeBufferPointer<UInt8>, startingAt start: Int = 0,
                                  expectedSize: Int = 0, limit: Int = defaultLimit) throws(InflateError) -> (bytes: [UInt8], end: Int) {
        // The output is written straight into the result's storage; only output that outgrows
        // the expected size moves to a buffer of its own and is copied out at the end.
        let capacity = OutputBuffer.initialCapacity(expected: expectedSize, inputCount: input.count, limit: limit)
        var end = 0, failure: InflateError?, outgrown: [UInt8]?
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { memory, initializedCount in
            var output = OutputBuffer(lent: memory, limit: limit)
            do throws(InflateError) {
                end = try inflate(input, startingAt: start, into: &output)
            } catch {
                failure = error
            }
            if output.isInLentMemory {
                initializedCount = output.count
            } else if failure == nil {
                outgrown = output.bytes()
            }
        }
        if let failure { throw failure }
        if let outgrown { bytes = outgrown }
        return (bytes, end)
    }

    /// Inflates the stream at `start` into `output`; returns the offset just past it.
    static func inflate(_ input: UnsafeBufferPointer<UInt8>, startingAt start: Int,
                        into output: inout OutputBuffer) throws(InflateError) -> Int {
        var reader = BitReader(input, startingAt: start)
        let literalLengthCode = HuffmanDecoder(symbolCapacity: 288)
        let distanceCode = HuffmanDecoder(symbolCapacity: 32)
        var isFinalBlock = false
        repeat {
            // Block header (3.2.3): BFINAL (1 bit), then BTYPE (2 bits).
            isFinalBlock = reader.read(1) == 1
            switch reader.read(2) {
            case 0:
                try copyStoredBlock(&reader, into: &output)
            case 1:
                try buildFixedCodes(literalLengthCode, distanceCode)
                try inflateBlock(&reader, into: &output, literalLengthCode, distanceCode)
            case 2:
                try readDynamicCodes(&reader, literalLengthCode, distanceCode)
                try inflateBlock(&reader, into: &output, literalLengthCode, distanceCode)
            default:
                throw InflateError("a block of reserved type 3 (invalid) at byte \(reader.byteOffset)")
            }
            if reader.isPastEnd { throw truncated }
        } while !isFinalBlock
        reader.alignToByte()
        return reader.byteOffset
    }

    static let truncated = InflateError("the compressed data ends in the middle of a block (truncated file?)")

    /// Stored block (3.2.4): LEN and its one's complement NLEN (16 bits each, from the next byte
    /// boundary), then LEN raw bytes.
    static func copyStoredBlock(_ reader: inout BitReader, into output: inout OutputBuffer) throws(InflateError) {
        reader.alignToByte()
        let length = Int(reader.read(16))
        let complement = Int(reader.read(16))
        if reader.isPastEnd { throw truncated }
        guard length == complement ^ 0xFFFF else {
            throw InflateError("a stored block's length \(length) does not match its check value \(complement)")
        }
        let start = reader.byteOffset
        guard start + length <= reader.bytes.count else { throw truncated }
        try output.append(UnsafeBufferPointer(rebasing: reader.bytes[start..<(start + length)]))
        reader.jump(toByte: start + length)
    }

    /// Fixed Huffman codes (3.2.6): literal/length symbols 0–143 have 8 bits, 144–255 9 bits,
    /// 256–279 7 bits, 280–287 8 bits; all 30 distance symbols have 5 bits.
    static func buildFixedCodes(_ literalLengthCode: HuffmanDecoder, _ distanceCode: HuffmanDecoder) throws(InflateError) {
        let literalLengths = [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)
        let distanceLengths = [UInt8](repeating: 5, count: 30)
        try literalLengths.withUnsafeBufferPointer { (lengths) throws(InflateError) in try literalLengthCode.build(lengths: lengths) }
        try distanceLengths.withUnsafeBufferPointer { (lengths) throws(InflateError) in try distanceCode.build(lengths: lengths) }
    }

    /// The order in which a dynamic block sends the code lengths of the code-length alphabet (3.2.7).
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Dynamic Huffman codes (3.2.7): HLIT, HDIST, HCLEN; the code lengths of a small code-length
    /// code; then the literal/length and distance code lengths, written in that small code, where
    /// 16 repeats the previous length 3–6 times, 17 writes 3–10 zeros and 18 writes 11–138 zeros.
    static func readDynamicCodes(_ reader: inout BitReader, _ literalLengthCode: HuffmanDecoder,
                                 _ distanceCode: HuffmanDecoder) throws(InflateError) {
        let literalCount = Int(reader.read(5)) + 257
        let distanceCount = Int(reader.read(5)) + 1
        let codeLengthCount = Int(reader.read(4)) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw InflateError("a dynamic block declares \(literalCount) literal/length and \(distanceCount) distance codes (at most 286 and 30)")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[codeLengthOrder[i]] = UInt8(reader.read(3)) }
        let codeLengthCode = HuffmanDecoder(symbolCapacity: 19)
        try codeLengthLengths.withUnsafeBufferPointer { (lengths) throws(InflateError) in try codeLengthCode.build(lengths: lengths) }

        var lengths = [UInt8]()
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try codeLengthCode.decode(&reader)
            if reader.isPastEnd { throw truncated }
            let repeated: UInt8, times: Int
            switch symbol {
            case 0...15: repeated = UInt8(symbol); times = 1
            case 16:
                guard let previous = lengths.last else { throw InflateError("a dynamic block repeats the previous code length before there is one") }
                repeated = previous; times = 3 + Int(reader.read(2))
            case 17: repeated = 0; times = 3 + Int(reader.read(3))
            default: repeated = 0; times = 11 + Int(reader.read(7))
            }
            guard lengths.count + times <= literalCount + distanceCount else {
                throw InflateError("a dynamic block's code lengths run past the \(literalCount + distanceCount) it declared")
            }
            lengths.append(contentsOf: repeatElement(repeated, count: times))
        }
        guard lengths[256] != 0 else { throw InflateError("a dynamic block has no code for end-of-block") }
        try lengths.withUnsafeBufferPointer { (all) throws(InflateError) in
            try literalLengthCode.build(lengths: UnsafeBufferPointer(rebasing: all[..<literalCount]))
            try distanceCode.build(lengths: UnsafeBufferPointer(rebasing: all[literalCount...]))
        }
    }

    /// The literals and back-references of one compressed block, up to its end-of-block symbol.
    static func inflateBlock(_ reader: inout BitReader, into output: inout OutputBuffer,
                             _ literalLengthCode: HuffmanDecoder, _ distanceCode: HuffmanDecoder) throws(InflateError) {
        while true {
            let symbol = try literalLengthCode.decode(&reader)
            if reader.isPastEnd { throw truncated }
            if symbol < 256 {
                try output.reserve(1)
                output.append(UInt8(truncatingIfNeeded: symbol))
                continue
            }
            if symbol == 256 { return }
            let length = try matchLength(symbol: symbol, &reader)
            let distance = try matchDistance(symbol: distanceCode.decode(&reader), &reader)
            guard distance <= output.count else {
                if reader.isPastEnd { throw truncated }
                throw InflateError("a back-reference \(distance) bytes back, but only \(output.count) bytes were written")
            }
            try output.reserve(length)
            output.copyMatch(distance: distance, length: length)
        }
    }

    /// Length symbols 257–285 (3.2.5): 257–264 mean 3–10; from 265, each group of four symbols
    /// has one more extra bit, base = ((4 + (symbol − 265) mod 4) << extraBits) + 3; 285 means 258.
    @inline(__always)
    static func matchLength(symbol: Int, _ reader: inout BitReader) throws(InflateError) -> Int {
        if symbol < 265 { return symbol - 254 }
        if symbol < 285 {
            let extraBits = (symbol - 261) / 4
            return ((4 + (symbol - 265) % 4) << extraBits) + 3 + Int(reader.read(extraBits))
        }
        if symbol == 285 { return 258 }
        throw InflateError("invalid length symbol \(symbol)")
    }

    /// Distance symbols 0–29 (3.2.5): 0–3 mean 1–4; then each pair of symbols has one more extra
    /// bit, base = ((2 + symbol mod 2) << extraBits) + 1.
    @inline(__always)
    static func matchDistance(symbol: Int, _ reader: inout BitReader) throws(InflateError) -> Int {
        if symbol < 4 { return symbol + 1 }
        if symbol < 30 {
            let extraBits = symbol / 2 - 1
            return ((2 + symbol % 2) << extraBits) + 1 + Int(reader.read(extraBits))
        }
        throw InflateError("invalid distance symbol \(symbol)")
    }
}
