/// Reads a DEFLATE stream bit by bit (RFC 1951, 3.1.1): bytes are consumed in order, and the bits
/// of each byte from the least significant up. Up to 64 bits wait in `buffer`, lowest first.
///
/// Reading past the end yields zero bits rather than stopping; `isPastEnd` tells when that
/// happened, so the decoder reports a truncated stream instead of trusting made-up bits.
struct BitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The index of the next byte to move into `buffer`.
    private(set) var nextByte: Int
    private(set) var buffer: UInt64 = 0
    private(set) var bitCount = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, startingAt start: Int = 0) {
        self.bytes = bytes
        self.nextByte = start
    }

    /// Whether more bits were consumed than the input holds.
    var isPastEnd: Bool { nextByte * 8 - bitCount > bytes.count * 8 }

    /// The index of the first byte not fully consumed.
    var byteOffset: Int { nextByte - bitCount / 8 }

    /// Tops `buffer` up to at least 57 bits.
    @inline(__always)
    mutating func refill() {
        if nextByte + 8 <= bytes.count {
            // Fast path: one 8-byte load, keeping the whole bytes that fit above the bits held.
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + nextByte)
                .loadUnaligned(as: UInt64.self))
            buffer |= word << UInt64(bitCount)
            nextByte += (63 - bitCount) / 8
            bitCount |= 56
            return
        }
        while bitCount <= 56 {
            let byte: UInt8 = nextByte < bytes.count ? bytes[nextByte] : 0
            buffer |= UInt64(byte) << UInt64(bitCount)
            nextByte += 1
            bitCount += 8
        }
    }

    /// The next `count` bits (count ≤ 32) without consuming them; call `refill` first.
    @inline(__always)
    func peek(_ count: Int) -> UInt32 { UInt32(truncatingIfNeeded: buffer & ((1 << UInt64(count)) - 1)) }

    /// Drops `count` bits already in `buffer`.
    @inline(__always)
    mutating func consume(_ count: Int) {
        buffer >>= UInt64(count)
        bitCount -= count
    }

    /// Reads `count` bits (count ≤ 32) as a number, first bit lowest.
    @inline(__always)
    mutating func read(_ count: Int) -> UInt32 {
        if bitCount < count { refill() }
        let value = peek(count)
        consume(count)
        return value
    }

    /// Skips to the next byte boundary (before a stored block).
    mutating func alignToByte() { consume(bitCount % 8) }

    /// Empties `buffer` and continues reading at byte `offset`; `buffer` must hold whole bytes.
    mutating func jump(toByte offset: Int) {
        buffer = 0
        bitCount = 0
        nextByte = offset
    }
}
