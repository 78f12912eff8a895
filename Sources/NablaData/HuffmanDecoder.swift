/// Decodes the canonical Huffman codes of DEFLATE (RFC 1951, 3.2.2), given only each symbol's code
/// length.
///
/// Canonical codes: shorter codes come first, and codes of one length are consecutive integers
/// in symbol order. Codes are stored most significant bit first, so the decoder reads them bit by
/// bit from the stream's low end.
///
/// Two ways to decode, the second a shortcut for the first:
/// - `decodeSlowly`: the definition. Read one bit at a time; after each, ask whether the code so
///   far is one of the codes of this length (they form a range, so one comparison tells).
/// - a look-up table of 2^tableBits entries indexed by the next `tableBits` input bits, holding
///   the symbol and the length of the code those bits begin with. Codes longer than `tableBits`
///   (rare: they belong to rare symbols) fall back to the slow way.
final class HuffmanDecoder {
    static let maximumCodeLength = 15
    static let tableBits = 10

    /// table[bits] = symbol << 4 | code length, or 0 when the code is longer than `tableBits`.
    private let table: UnsafeMutablePointer<UInt32>
    /// codeCount[n]: how many symbols have a code of length n.
    private let codeCount: UnsafeMutablePointer<Int>
    /// The symbols ordered by (code length, symbol): the order of their canonical codes.
    private let sortedSymbols: UnsafeMutablePointer<Int>
    private let symbolCapacity: Int

    init(symbolCapacity: Int) {
        self.symbolCapacity = symbolCapacity
        table = .allocate(capacity: 1 << HuffmanDecoder.tableBits)
        codeCount = .allocate(capacity: HuffmanDecoder.maximumCodeLength + 1)
        sortedSymbols = .allocate(capacity: symbolCapacity)
    }

    deinit {
        table.deallocate()
        codeCount.deallocate()
        sortedSymbols.deallocate()
    }

    /// Sets up the code where symbol i has a code of `lengths[i]` bits (0: the symbol is unused).
    /// Throws a message when the lengths describe more codes than there are bit patterns.
    func build(lengths: UnsafeBufferPointer<UInt8>) throws(InflateError) {
        let maximumLength = HuffmanDecoder.maximumCodeLength
        precondition(lengths.count <= symbolCapacity)
        codeCount.initialize(repeating: 0, count: maximumLength + 1)
        for length in lengths { codeCount[Int(length)] += 1 }
        codeCount[0] = 0

        // Kraft: each length-n code uses 2^-n of the code space; more than all of it cannot be decoded.
        var unusedPatterns = 1
        for length in 1...maximumLength {
            unusedPatterns = unusedPatterns * 2 - codeCount[length]
            if unusedPatterns < 0 { throw InflateError("a Huffman code has more codes of length \(length) than bit patterns") }
        }

        // firstIndex[n]: where the symbols with length-n codes start in sortedSymbols.
        var firstIndex = [Int](repeating: 0, count: maximumLength + 2)
        for length in 1...maximumLength { firstIndex[length + 1] = firstIndex[length] + codeCount[length] }
        for (symbol, length) in lengths.enumerated() where length != 0 {
            sortedSymbols[firstIndex[Int(length)]] = symbol
            firstIndex[Int(length)] += 1
        }

        // Fill the table: a length-n code c owns every entry whose low n bits are c reversed.
        let tableSize = 1 << HuffmanDecoder.tableBits
        table.initialize(repeating: 0, count: tableSize)
        var code = 0
        var index = 0
        for length in 1...min(maximumLength, HuffmanDecoder.tableBits) {
            for _ in 0..<codeCount[length] {
                let entry = UInt32(sortedSymbols[index]) << 4 | UInt32(length)
                for pattern in stride(from: reverseBits(code, length), to: tableSize, by: 1 << length) {
                    table[pattern] = entry
                }
                code += 1
                index += 1
            }
            code <<= 1
        }
    }

    /// Reads one symbol.
    @inline(__always)
    func decode(_ reader: inout BitReader) throws(InflateError) -> Int {
        if reader.bitCount < HuffmanDecoder.maximumCodeLength { reader.refill() }
        let entry = table[Int(reader.peek(HuffmanDecoder.tableBits))]
        if entry != 0 {
            reader.consume(Int(entry & 0xF))
            return Int(entry >> 4)
        }
        return try decodeSlowly(&reader)
    }

    /// Reads one symbol a bit at a time, straight from the definition of canonical codes.
    @inline(never)
    func decodeSlowly(_ reader: inout BitReader) throws(InflateError) -> Int {
        var code = 0         // the bits read so far, first bit highest
        var firstCode = 0    // the first code of the current length
        var index = 0        // where that code's symbol is in sortedSymbols
        for length in 1...HuffmanDecoder.maximumCodeLength {
            code |= Int(reader.read(1))
            let count = codeCount[length]
            if code - firstCode < count { return sortedSymbols[index + code - firstCode] }
            index += count
            firstCode = (firstCode + count) << 1
            code <<= 1
        }
        throw InflateError("a bit pattern that is no code of the block's Huffman code")
    }

    private func reverseBits(_ value: Int, _ count: Int) -> Int {
        var result = 0
        for bit in 0..<count { result |= ((value >> bit) & 1) << (count - 1 - bit) }
        return result
    }
}
