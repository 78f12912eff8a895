/// The bytes an inflater has written so far, growing as needed. Back-references copy from its
/// own earlier bytes, so it is a plain pointer: no Array checks in the copy loops.
struct OutputBuffer: ~Copyable {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1024)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    @inline(never)
    private mutating func grow(toAtLeast needed: Int) {
        let newCapacity = max(needed, capacity * 2)
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
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
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
