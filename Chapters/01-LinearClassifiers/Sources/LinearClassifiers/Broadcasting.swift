import NablaCore

// The few whole-matrix operations the vectorised code needs: what numpy writes with fancy indexing
// (`scores[range(N), y]`) and broadcasting (`v[:, None]`). NablaCore does not broadcast implicitly,
// so each repetition is written out where it happens.

/// Y[n, j] = 1 if j = y_n, else 0.
public func oneHot<Scalar: Real>(_ labels: [Int], classes: Int) -> Tensor<Scalar> {
    Tensor(shape: [labels.count, classes]) { i in i % classes == labels[i / classes] ? 1 : 0 }
}

/// [s_{n, y_n}] for each row n: the score of the correct class.
public func pickEachRow<Scalar: Real>(_ matrix: Tensor<Scalar>, _ labels: [Int]) -> Tensor<Scalar> {
    let columns = matrix.shape[1]
    return Tensor(shape: [labels.count]) { n in matrix.scalars[n * columns + labels[n]] }
}

/// A `[N]` vector repeated across `columns` columns: result[n, j] = v_n (numpy's `v[:, None]`).
public func repeatAcrossColumns<Scalar: Real>(_ vector: Tensor<Scalar>, columns: Int) -> Tensor<Scalar> {
    Tensor(shape: [vector.count, columns]) { i in vector.scalars[i / columns] }
}

/// A `[D]` vector repeated as each of `rows` rows: result[n, d] = v_d (numpy's `v[None, :]`).
public func repeatAcrossRows<Scalar: Real>(_ vector: Tensor<Scalar>, rows: Int) -> Tensor<Scalar> {
    Tensor(shape: [rows, vector.count]) { i in vector.scalars[i % vector.count] }
}

/// The largest element of each row of a matrix `[N, C]`, shape `[N]`.
public func rowMaxima<Scalar: Real>(_ matrix: Tensor<Scalar>) -> Tensor<Scalar> {
    let columns = matrix.shape[1]
    return Tensor(shape: [matrix.shape[0]]) { n in matrix.scalars[(n * columns)..<((n + 1) * columns)].max()! }
}

/// log softmax of each row: log p_nj = s_nj − m_n − log Σ_k e^(s_nk − m_n), with m_n the row's
/// largest score. The shift changes nothing mathematically and keeps exp from overflowing.
public func logSoftmaxRows<Scalar: Real>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let columns = scores.shape[1]
    let shifted = scores - repeatAcrossColumns(rowMaxima(scores), columns: columns)
    let logNormalizers = shifted.map(Scalar.exp).sum(axis: 1).map(Scalar.log)
    return shifted - repeatAcrossColumns(logNormalizers, columns: columns)
}
