// The register tiles of every SIMD kernel in Nabla (the matrix product here, the direct
// convolution in chapter 4): a tile is up to `maximumTileRows` rows × 3 vectors, held in vector
// registers as accumulators, plus 3 vectors of the other operand and one broadcast.
//
// The number of rows is a type (`EightRows`, `FourRows`…), so the compiler writes one kernel per
// height and the tests `if rows > r` disappear from it. Kernels are `@inline(never)`: inlined into
// a large caller, the optimizer splits the vectors and spills. Helpers that take vectors are
// `@inline(__always)`: a call passes a 16-float vector in pieces.

#if arch(x86_64) && !NABLA_NARROW_VECTORS
/// One AVX-512 register of floats: 16 lanes. With 32 registers a tile is 8 rows × 3 vectors (24 accumulators).
public typealias SIMDVector<Scalar: SIMDScalar> = SIMD16<Scalar>
/// The most rows a tile holds.
public let maximumTileRows = 8
#else
/// 8 floats: one AVX2 register (there are 16) or two NEON registers (32): tiles of at most 4 rows ×
/// 3 vectors (12 accumulators). Build x86-64 targets without AVX-512 with `-D NABLA_NARROW_VECTORS`:
/// with 16-float vectors they spill, at half the speed.
public typealias SIMDVector<Scalar: SIMDScalar> = SIMD8<Scalar>
public let maximumTileRows = 4
#endif

/// The rows of a tile, as a type.
public protocol TileHeight { static var rows: Int { get } }
public enum EightRows: TileHeight { @inlinable public static var rows: Int { 8 } }
public enum SixRows: TileHeight { @inlinable public static var rows: Int { 6 } }
public enum FourRows: TileHeight { @inlinable public static var rows: Int { 4 } }
public enum TwoRows: TileHeight { @inlinable public static var rows: Int { 2 } }
public enum OneRow: TileHeight { @inlinable public static var rows: Int { 1 } }

@inlinable @inline(__always)
public func loadVector<Scalar: SIMDScalar>(_ pointer: UnsafePointer<Scalar>) -> SIMDVector<Scalar> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMDVector<Scalar>.self)
}

@inlinable @inline(__always)
public func storeVector<Scalar: SIMDScalar>(_ vector: SIMDVector<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMDVector<Scalar>.self)
}

/// The three vectors of a tile row at `pointer`.
@inlinable @inline(__always)
public func loadTileRow<Scalar: SIMDScalar>(_ pointer: UnsafePointer<Scalar>)
    -> (SIMDVector<Scalar>, SIMDVector<Scalar>, SIMDVector<Scalar>) {
    let lanes = SIMDVector<Scalar>.scalarCount
    return (loadVector(pointer), loadVector(pointer + lanes), loadVector(pointer + 2 * lanes))
}

@inlinable @inline(__always)
public func storeTileRow<Scalar: SIMDScalar>(_ v0: SIMDVector<Scalar>, _ v1: SIMDVector<Scalar>, _ v2: SIMDVector<Scalar>,
                                            _ pointer: UnsafeMutablePointer<Scalar>) {
    let lanes = SIMDVector<Scalar>.scalarCount
    storeVector(v0, pointer); storeVector(v1, pointer + lanes); storeVector(v2, pointer + 2 * lanes)
}

@inlinable @inline(__always)
public func addToTileRow<Scalar: SIMDScalar & FloatingPoint>(_ v0: SIMDVector<Scalar>, _ v1: SIMDVector<Scalar>,
                                                             _ v2: SIMDVector<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>) {
    let (o0, o1, o2) = loadTileRow(UnsafePointer(pointer))
    storeTileRow(o0 + v0, o1 + v1, o2 + v2, pointer)
}

/// The sum of the lanes of the vector at `p`, in a fixed order: halves added until one is left.
@inlinable @inline(__always)
public func sumOfLanes<Scalar: SIMDScalar & FloatingPoint>(_ p: UnsafePointer<Scalar>) -> Scalar {
    let v = loadVector(p)
    #if arch(x86_64) && !NABLA_NARROW_VECTORS
    let eight = v.lowHalf + v.highHalf
    #else
    let eight = v
    #endif
    let four = eight.lowHalf + eight.highHalf, two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

/// Runs `body` with `count` scalars of scratch memory, 64-byte aligned (one cache line), zeroed
/// first when `zeroed` (else uninitialised: the kernel writes before it reads).
@inlinable @inline(__always)
public func withScratch<Scalar: Numeric, Result>(_ count: Int, zeroed: Bool = false,
                                                 _ body: (UnsafeMutablePointer<Scalar>) -> Result) -> Result {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, count) * MemoryLayout<Scalar>.stride, alignment: 64)
    defer { raw.deallocate() }
    let pointer = zeroed ? raw.initializeMemory(as: Scalar.self, repeating: 0, count: count)
                         : raw.bindMemory(to: Scalar.self, capacity: count)
    return body(pointer)
}
