/// Runs `body` with `count` floats of scratch memory, 64-byte aligned (one cache line).
@inline(__always)
func withScratch<Result>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> Result) -> Result {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
    defer { raw.deallocate() }
    return body(raw.bindMemory(to: Float.self, capacity: count))
}
