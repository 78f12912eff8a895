/// Matrix product C = op(A) · op(B), where op transposes when asked: the reference version,
/// written for clarity. `A` is `[M, K]` (or `[K, M]` when transposed), `B` is `[K, N]`
/// (or `[N, K]`), and the result is `[M, N]`. Fast kernels are proven equal to this one.
///
/// C[i, j] = Σ_k op(A)[i, k] · op(B)[k, j]
@inlinable
public func matmul<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
                           transposeA: Bool = false, transposeB: Bool = false) -> Tensor<Scalar> {
    require(a.rank == 2 && b.rank == 2,
            "matmul: needs two matrices, got shapes \(describe(shape: a.shape)) and \(describe(shape: b.shape))")
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    require(k == k2, "matmul: shapes \(describe(shape: a.shape))\(transposeA ? "ᵀ" : "") and "
            + "\(describe(shape: b.shape))\(transposeB ? "ᵀ" : "") cannot be multiplied (\(k) != \(k2))")
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
