/// C = op(A) · op(B) for Float matrices, with the fast `gemm`: `referenceMatmul`'s result up to
/// rounding, and bitwise the same for any number of `threads`.
public func fastMatmul(_ a: Tensor<Float>, _ b: Tensor<Float>, transposeA: Bool = false, transposeB: Bool = false,
                       threads: Int = 1) -> Tensor<Float> {
    let (m, k, n) = productSizes(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB, operation: "fastMatmul")
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
