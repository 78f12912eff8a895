/// One factor of a product as the GEMM code reads it: element (row, p) at
/// `base[row * rowStride + p * depthStride]`, where p runs along the depth K that the product sums over.
///
/// op(A) is read with its rows i, the rows of C. op(B) is read transposed, with rows j, the columns
/// of C, so both factors look alike. Transposing a factor swaps its two strides; nothing is copied.
struct Operand {
    let base: UnsafePointer<Float>
    let rowStride: Int
    let depthStride: Int

    /// op(A), m × k, of a row-major A that is m × k, or k × m when `transposed`.
    init(a: UnsafePointer<Float>, m: Int, k: Int, transposed: Bool) {
        (base, rowStride, depthStride) = transposed ? (a, 1, m) : (a, k, 1)
    }

    /// op(B)ᵀ, n × k, of a row-major B that is k × n, or n × k when `transposed`.
    init(b: UnsafePointer<Float>, n: Int, k: Int, transposed: Bool) {
        (base, rowStride, depthStride) = transposed ? (b, k, 1) : (b, 1, n)
    }

    init(base: UnsafePointer<Float>, rowStride: Int, depthStride: Int) {
        (self.base, self.rowStride, self.depthStride) = (base, rowStride, depthStride)
    }

    /// The same matrix starting at (row, p).
    func shifted(row: Int, depth p: Int) -> Operand {
        Operand(base: base + row * rowStride + p * depthStride, rowStride: rowStride, depthStride: depthStride)
    }
}

// GEMM's tasks only read through an operand, each on its own thread; C is written through
// `SendablePointer`, each task to its own block.
extension Operand: @unchecked Sendable {}
