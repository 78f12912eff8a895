// The vector every GEMM kernel works in, chosen for the target's registers. The kernels hold a tile
// of C of up to `kernelRows` × 3 vectors in registers, plus 3 vectors of B and a broadcast of A.

#if arch(x86_64) && !NABLA_NARROW_VECTORS
/// 16 floats: one AVX-512 register. With 32 registers the tile is 8 rows × 48 columns (24 accumulators).
typealias Vector = SIMD16<Float>
/// The most rows of C a kernel computes at once.
let kernelRows = 8
#else
/// 8 floats: one AVX2 register (there are 16) or two NEON registers (32): the tile is 4 rows × 24
/// columns (12 accumulators). Build x86-64 targets without AVX-512 with `-D NABLA_NARROW_VECTORS`:
/// with 16-float vectors they spill, at half the speed.
typealias Vector = SIMD8<Float>
let kernelRows = 4
#endif

/// The floats in one vector: the columns of C the narrow kernel computes at once.
let lanes = Vector.scalarCount
/// The columns of C the wide kernel computes at once.
let kernelColumns = 3 * lanes

@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>) -> Vector {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
}

@inline(__always)
func storeVector(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
}
