import NablaCore

/// [X | 1]: the bias becomes one more weight, multiplied by a feature that is always 1.
public func appendingOnesColumn<Scalar: Real>(_ inputs: Tensor<Scalar>) -> Tensor<Scalar> {
    require(inputs.rank == 2, "appendingOnesColumn: needs a matrix [N, D], got \(describe(shape: inputs.shape))")
    let (count, features) = (inputs.shape[0], inputs.shape[1])
    return Tensor(shape: [count, features + 1]) { i in
        let (n, d) = i.quotientAndRemainder(dividingBy: features + 1)
        return d == features ? 1 : inputs.scalars[n * features + d]
    }
}

/// The w that minimises ‖X w − y‖², in closed form. The gradient 2 Xᵀ(X w − y) vanishes where
///
///     XᵀX w = Xᵀy        (the normal equations)
///
/// X `[N, D]`, y `[N]`, w `[D]`. To fit a bias, append a column of ones to X first.
public func leastSquares<Scalar: Real>(inputs: Tensor<Scalar>, targets: Tensor<Scalar>) -> Tensor<Scalar> {
    require(inputs.rank == 2 && targets.shape == [inputs.shape[0]],
            "leastSquares: inputs must be [N, D] and targets [N], got \(describe(shape: inputs.shape)) and \(describe(shape: targets.shape))")
    let gram = matmul(inputs, inputs, transposeA: true)
    let moment = matmul(inputs, targets.reshaped([-1, 1]), transposeA: true)
    return choleskySolve(gram, moment.reshaped([-1]))
}

/// Solves A x = b for a symmetric positive definite A `[D, D]` (such as XᵀX when the columns of X
/// are independent). Factor A = L Lᵀ with L lower triangular, then solve L z = b forwards and
/// Lᵀ x = z backwards.
public func choleskySolve<Scalar: Real>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    let size = b.count
    require(a.shape == [size, size] && b.rank == 1,
            "choleskySolve: needs A [D, D] and b [D], got \(describe(shape: a.shape)) and \(describe(shape: b.shape))")
    var lower = [Scalar](repeating: 0, count: size * size)
    for i in 0..<size {
        for j in 0...i {
            // L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj, and on the diagonal L_ii = √(A_ii − Σ_{k<i} L_ik²)
            var sum = a.scalars[i * size + j]
            for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
            if i == j {
                require(sum > 0, "choleskySolve: the matrix is not positive definite (are some features linearly dependent?)")
                lower[i * size + i] = sum.squareRoot()
            } else {
                lower[i * size + j] = sum / lower[j * size + j]
            }
        }
    }
    var z = [Scalar](repeating: 0, count: size)
    for i in 0..<size {
        // z_i = (b_i − Σ_{k<i} L_ik z_k) / L_ii
        var sum = b.scalars[i]
        for k in 0..<i { sum -= lower[i * size + k] * z[k] }
        z[i] = sum / lower[i * size + i]
    }
    var x = [Scalar](repeating: 0, count: size)
    for i in stride(from: size - 1, through: 0, by: -1) {
        // x_i = (z_i − Σ_{k>i} L_ki x_k) / L_ii
        var sum = z[i]
        for k in (i + 1)..<size { sum -= lower[k * size + i] * x[k] }
        x[i] = sum / lower[i * size + i]
    }
    return Tensor(shape: [size], scalars: x)
}
