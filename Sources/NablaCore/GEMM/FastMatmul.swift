/// C = op(A) · op(B) for Float matrices, with the fast `gemm`: `referenceMatmul`'s result up to
/// rounding, and bitwise the same for any number of `threads`.
public func fastMatmul(_ a: Tensor<Float>, _ b: Tensor<Float>, transposeA: Bool = false, transposeB: Bool = false,
                       threads: Int = 1) -> Tensor<Float> {
    require(a.rank == 2 && b.rank == 2,
            "fastMatmul: needs two matrices, got shapes \(describe(shape: a.shape)) and \(describe(shape: b.shape))")
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    require(k == k2, "fastMatmul: shapes \(describe(shape: a.shape))\(transposeA ? "ᵀ" : "") and "
            + "\(describe(shape: b.shape))\(transposeB ? "ᵀ" : "") cannot be multiplied (\(k) != \(k2))")
    if m * n == 0 || k == 0 { return Tensor(zeros: [m, n]) }
    let scalars = [Float](unsafeUninitializedCapacity: m * n) { c, count in
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                gemm(a.baseAddress!, b.baseAddress!, c.baseAddress!, m: m, n: n, k: k,
                     transposeA: transposeA, transposeB: transposeB, threads: threads)
            }
        }
        count = m * n
    }
    return Tensor(shape: [m, n], scalars: scalars)
}
