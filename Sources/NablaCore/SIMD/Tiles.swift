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

/// The accumulators of one tile: `Height.rows` rows of 3 vectors. Every method is inlined into the
/// kernel that uses the tile, so its 24 vectors live in registers and never reach memory; rows
/// beyond `Height.rows` are never touched (the tests `rows > r` fold away).
public struct TileAccumulators<Height: TileHeight, Scalar: SIMDScalar & FloatingPoint> {
    public typealias Vector = SIMDVector<Scalar>
    public typealias Row = (Vector, Vector, Vector)
    @usableFromInline var r0: Row, r1: Row, r2: Row, r3: Row, r4: Row, r5: Row, r6: Row, r7: Row

    /// Zeros.
    @inlinable @inline(__always)
    public init() {
        let zero = (Vector(), Vector(), Vector())
        (r0, r1, r2, r3, r4, r5, r6, r7) = (zero, zero, zero, zero, zero, zero, zero, zero)
    }

    /// Row r from the three vectors at `p + r·rowStride`.
    @inlinable @inline(__always)
    public init(loading p: UnsafePointer<Scalar>, rowStride: Int) {
        self.init()
        let rows = Height.rows
        r0 = loadTileRow(p)
        if rows > 1 { r1 = loadTileRow(p + 1 * rowStride) }
        if rows > 2 { r2 = loadTileRow(p + 2 * rowStride) }
        if rows > 3 { r3 = loadTileRow(p + 3 * rowStride) }
        if rows > 4 { r4 = loadTileRow(p + 4 * rowStride) }
        if rows > 5 { r5 = loadTileRow(p + 5 * rowStride) }
        if rows > 6 { r6 = loadTileRow(p + 6 * rowStride) }
        if rows > 7 { r7 = loadTileRow(p + 7 * rowStride) }
    }

    /// row r += a(r) · b for every row, with a(r) = `a[r·aStride]` broadcast to every lane: the
    /// outer-product step of a matrix product or a correlation.
    @inlinable @inline(__always)
    public mutating func addProducts(broadcasting a: UnsafePointer<Scalar>, aStride: Int, _ b: Row) {
        let rows = Height.rows
        var x: Vector
        x = Vector(repeating: a[0]); r0.0.addProduct(x, b.0); r0.1.addProduct(x, b.1); r0.2.addProduct(x, b.2)
        if rows > 1 { x = Vector(repeating: a[1 * aStride]); r1.0.addProduct(x, b.0); r1.1.addProduct(x, b.1); r1.2.addProduct(x, b.2) }
        if rows > 2 { x = Vector(repeating: a[2 * aStride]); r2.0.addProduct(x, b.0); r2.1.addProduct(x, b.1); r2.2.addProduct(x, b.2) }
        if rows > 3 { x = Vector(repeating: a[3 * aStride]); r3.0.addProduct(x, b.0); r3.1.addProduct(x, b.1); r3.2.addProduct(x, b.2) }
        if rows > 4 { x = Vector(repeating: a[4 * aStride]); r4.0.addProduct(x, b.0); r4.1.addProduct(x, b.1); r4.2.addProduct(x, b.2) }
        if rows > 5 { x = Vector(repeating: a[5 * aStride]); r5.0.addProduct(x, b.0); r5.1.addProduct(x, b.1); r5.2.addProduct(x, b.2) }
        if rows > 6 { x = Vector(repeating: a[6 * aStride]); r6.0.addProduct(x, b.0); r6.1.addProduct(x, b.1); r6.2.addProduct(x, b.2) }
        if rows > 7 { x = Vector(repeating: a[7 * aStride]); r7.0.addProduct(x, b.0); r7.1.addProduct(x, b.1); r7.2.addProduct(x, b.2) }
    }

    /// row r += d(r) ⊙ b for every row, lane by lane, with d(r) the vector at `d + r·dStride`.
    @inlinable @inline(__always)
    public mutating func addProducts(lanesOf d: UnsafePointer<Scalar>, dStride: Int, _ b: Row) {
        let rows = Height.rows
        var x: Vector
        x = loadVector(d); r0.0.addProduct(x, b.0); r0.1.addProduct(x, b.1); r0.2.addProduct(x, b.2)
        if rows > 1 { x = loadVector(d + 1 * dStride); r1.0.addProduct(x, b.0); r1.1.addProduct(x, b.1); r1.2.addProduct(x, b.2) }
        if rows > 2 { x = loadVector(d + 2 * dStride); r2.0.addProduct(x, b.0); r2.1.addProduct(x, b.1); r2.2.addProduct(x, b.2) }
        if rows > 3 { x = loadVector(d + 3 * dStride); r3.0.addProduct(x, b.0); r3.1.addProduct(x, b.1); r3.2.addProduct(x, b.2) }
        if rows > 4 { x = loadVector(d + 4 * dStride); r4.0.addProduct(x, b.0); r4.1.addProduct(x, b.1); r4.2.addProduct(x, b.2) }
        if rows > 5 { x = loadVector(d + 5 * dStride); r5.0.addProduct(x, b.0); r5.1.addProduct(x, b.1); r5.2.addProduct(x, b.2) }
        if rows > 6 { x = loadVector(d + 6 * dStride); r6.0.addProduct(x, b.0); r6.1.addProduct(x, b.1); r6.2.addProduct(x, b.2) }
        if rows > 7 { x = loadVector(d + 7 * dStride); r7.0.addProduct(x, b.0); r7.1.addProduct(x, b.1); r7.2.addProduct(x, b.2) }
    }

    /// Stores row r at `p + r·rowStride`, or adds it to what is there when `adding`.
    @inlinable @inline(__always)
    public func store(_ p: UnsafeMutablePointer<Scalar>, rowStride: Int, adding: Bool = false) {
        @inline(__always) func write(_ row: Row, _ target: UnsafeMutablePointer<Scalar>) {
            if adding { addToTileRow(row.0, row.1, row.2, target) } else { storeTileRow(row.0, row.1, row.2, target) }
        }
        let rows = Height.rows
        write(r0, p)
        if rows > 1 { write(r1, p + 1 * rowStride) }
        if rows > 2 { write(r2, p + 2 * rowStride) }
        if rows > 3 { write(r3, p + 3 * rowStride) }
        if rows > 4 { write(r4, p + 4 * rowStride) }
        if rows > 5 { write(r5, p + 5 * rowStride) }
        if rows > 6 { write(r6, p + 6 * rowStride) }
        if rows > 7 { write(r7, p + 7 * rowStride) }
    }
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
