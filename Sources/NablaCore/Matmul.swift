/// Matrix product C = op(A) · op(B), where op transposes when asked. `A` is `[M, K]` (or `[K, M]`
/// when transposed), `B` is `[K, N]` (or `[N, K]`), and the result is `[M, N]`.
///
/// Float products run on the fast multithreaded `gemm` (see GEMM/), with `ComputeThreads.count`
/// threads; others on `referenceMatmul`. Both give the same values up to rounding.
@inlinable
public func matmul<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
                           transposeA: Bool = false, transposeB: Bool = false) -> Tensor<Scalar> {
    if Scalar.self == Float.self {
        let product = fastMatmul(unsafeBitCast(a, to: Tensor<Float>.self), unsafeBitCast(b, to: Tensor<Float>.self),
                                 transposeA: transposeA, transposeB: transposeB, threads: ComputeThreads.count)
        return unsafeBitCast(product, to: Tensor<Scalar>.self)
    }
    return referenceMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
}

/// Matrix product C = op(A) · op(B), the reference version, written for clarity: three loops,
/// each element summed from k = 0 upwards. Fast kernels are proven equal to this one.
///
/// C[i, j] = Σ_k op(A)[i, k] · op(B)[k, j]
@inlinable
public func referenceMatmul<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
                           transposeA: Bool = false, transposeB: Bool = false) -> Tensor<Scalar> {
    let (m, k, n) = productSizes(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB, operation: "matmul")
    var c = [Scalar](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Scalar = 0
                    for p in 0..<k {
                        let aip = transposeA ? a[p * m + i] : a[i * k + p]
                        let bpj = transposeB ? b[j * k + p] : b[p * n + j]
                        sum += aip * bpj
                    }
                    c[i * n + j] = sum
                }
            }
        }
    }
    return Tensor(shape: [m, n], scalars: c)
}

/// The sizes (m, k, n) of op(A) · op(B) for matrices of shapes `a` and `b`; stops with both shapes
/// named when they are not matrices or their inner sizes differ.
@inlinable
public func productSizes(_ a: [Int], _ b: [Int], transposeA: Bool, transposeB: Bool,
                         operation: String) -> (m: Int, k: Int, n: Int) {
    require(a.count == 2 && b.count == 2,
            "\(operation): needs two matrices, got shapes \(describe(shape: a)) and \(describe(shape: b))")
    let (m, k) = transposeA ? (a[1], a[0]) : (a[0], a[1])
    let (k2, n) = transposeB ? (b[1], b[0]) : (b[0], b[1])
    require(k == k2, "\(operation): shapes \(describe(shape: a))\(transposeA ? "ᵀ" : "") and "
            + "\(describe(shape: b))\(transposeB ? "ᵀ" : "") cannot be multiplied (\(k) != \(k2))")
    return (m, k, n)
}
