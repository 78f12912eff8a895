/// The bytes an inflater has written so far, growing as needed up to `limit`. Back-references
/// copy from its own earlier bytes, so it is a plain pointer: no Array checks in the copy loops.
///
/// It starts in memory it is lent (an array's uninitialised storage, so the result needs no
/// copy) and moves to memory of its own only if the output outgrows it.
struct OutputBuffer: ~Copyable {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// Whether `start` is the lent memory (false once grown into an allocation of its own).
    private(set) var isInLentMemory: Bool
    /// The most bytes the output may hold: never allocated beyond, an error when exceeded.
    let limit: Int

    /// Writes into `memory` until it is full.
    init(lent memory: UnsafeMutableBufferPointer<UInt8>, limit: Int) {
        (start, capacity, self.limit, isInLentMemory) = (memory.baseAddress!, memory.count, limit, true)
    }

    /// The first allocation's size for an expected output of `expected` bytes (0: unknown,
    /// `inputCount` × 4 then): at least 1 KiB, at most `limit`.
    static func initialCapacity(expected: Int, inputCount: Int, limit: Int) -> Int {
        min(max(expected > 0 ? expected : inputCount * 4, 1024), max(limit, 1))
    }

    deinit { if !isInLentMemory { start.deallocate() } }

    /// Makes room for `extra` more bytes; throws when that would pass `limit`. Only the rare
    /// growth path checks the limit, so the decoding loops pay nothing for it.
    @inline(__always)
    mutating func reserve(_ extra: Int) throws(InflateError) {
        if count + extra > capacity { try grow(toAtLeast: count + extra) }
    }

    @inline(never)
    private mutating func grow(toAtLeast needed: Int) throws(InflateError) {
        guard needed <= limit else { throw InflateError.tooLarge(limit: limit) }
        let newCapacity = min(max(needed, capacity * 2), limit)
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.update(from: start, count: count)
        if !isInLentMemory { start.deallocate() }
        isInLentMemory = false
        start = newStart
        capacity = newCapacity
    }

    /// Appends one byte; `reserve` must have made room.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    /// Appends `bytes`.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(InflateError) {
        try reserve(bytes.count)
        (start + count).update(from: bytes.baseAddress!, count: bytes.count)
        count += bytes.count
    }

    /// Appends `length` bytes copied from `distance` bytes back (LZ77). The source may overlap the
    /// bytes being written (distance < length): then the copy repeats the last `distance` bytes,
    /// so it goes one byte at a time, front to back. `reserve` must have made room.
    @inline(__always)
    mutating func copyMatch(distance: Int, length: Int) {
        let destination = start + count
        let source = destination - distance
        for i in 0..<length { destination[i] = source[i] }
        count += length
    }

    /// The bytes written, as an array.
    func bytes() -> [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }
}
