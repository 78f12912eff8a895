/// The bytes an inflater has written so far, growing as needed up to `limit`. Back-references
/// copy from its own earlier bytes, so it is a plain pointer: no Array checks in the copy loops.
struct OutputBuffer: ~Copyable {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// The most bytes the output may hold: never allocated beyond, an error when exceeded.
    let limit: Int

    init(capacity: Int, limit: Int) {
        self.limit = limit
        self.capacity = min(max(capacity, 1024), max(limit, 1))
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

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
        start.deallocate()
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
