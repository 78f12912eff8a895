/// How `gemm` computes a product. `gemmPath(m:n:k:)` picks it from the shape alone.
public enum GEMMPath: String, Sendable {
    /// A and B read where they lie, the whole depth in one pass: fast while op(A) fits in L2.
    case small
    /// A and B copied block by block into contiguous panels: for large matrices.
    case packed
}

/// The largest op(A), in elements, that takes the small path: 1 MB of floats, one core's L2 cache.
let smallPathLimit = 1 << 18
/// Rows of C per small-path task.
let smallPathRows = 64

/// The path `gemm` takes for an m × k by k × n product.
public func gemmPath(m: Int, n: Int, k: Int) -> GEMMPath {
    m * k <= smallPathLimit ? .small : .packed
}

/// C = op(A) · op(B), or C += op(A) · op(B) when `accumulate`, for row-major Float matrices:
/// op(A) is m × k (A is m × k, or k × m when `transposeA`), op(B) is k × n (B is k × n, or n × k
/// when `transposeB`), C is m × n. No transpose is ever materialised.
///
/// C[i, j] = fma(op(A)[i, k-1], op(B)[k-1, j], … fma(op(A)[i, 0], op(B)[0, j], c₀)), with c₀ = C[i, j]
/// when accumulating and 0 otherwise: every element is summed in this one order, by one thread,
/// so the result is bitwise the same for any `threads` and either `path`. It differs from the
/// reference, `referenceMatmul` (its readable twin, three loops), only by rounding (fused multiply-adds,
/// round once per step): GEMMTests `testSmallPathMatchesReference` and `testPackedPathMatchesReference`.
///
/// The work is split into tasks by the shape alone (blocks of C's rows and columns, never the
/// depth) and run on `WorkerPool.shared` with up to `threads` threads; under
/// `minimumParallelMultiplyAdds` it stays on the calling thread. `path` forces a path, for tests and benchmarks.
public func gemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                 m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
                 accumulate: Bool = false, threads: Int = 1, path: GEMMPath? = nil) {
    require(m >= 0 && n >= 0 && k >= 0, "gemm: sizes must not be negative, got m \(m), n \(n), k \(k)")
    require(threads >= 1, "gemm: threads must be at least 1, got \(threads)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate { c.update(repeating: 0, count: m * n) }
        return
    }
    let opA = Operand(a: a, m: m, k: k, transposed: transposeA)
    let opB = Operand(b: b, n: n, k: k, transposed: transposeB)
    let output = SendablePointer(c)
    let threads = threadsWorthUsing(threads, work: m * n * k, minimum: minimumParallelMultiplyAdds)
    switch path ?? gemmPath(m: m, n: n, k: k) {
    case .small:
        let strips = Strip.covering(0..<n)
        let rowBlocks = (m + smallPathRows - 1) / smallPathRows
        WorkerPool.shared.run(tasks: strips.count * rowBlocks, threads: threads) { task in
            let (strip, block) = task.quotientAndRemainder(dividingBy: rowBlocks)
            let rows = (block * smallPathRows)..<Swift.min(m, (block + 1) * smallPathRows)
            smallPathProduct(opA, opB, depth: k, c: output.base, ldc: n, rows: rows, strip: strips[strip],
                             accumulate: accumulate)
        }
    case .packed:
        let rowBlocks = (m + packedRows - 1) / packedRows
        let columnBlocks = (n + packedColumns - 1) / packedColumns
        WorkerPool.shared.run(tasks: rowBlocks * columnBlocks, threads: threads) { task in
            let (columnBlock, block) = task.quotientAndRemainder(dividingBy: rowBlocks)
            let rows = (block * packedRows)..<Swift.min(m, (block + 1) * packedRows)
            let columns = (columnBlock * packedColumns)..<Swift.min(n, (columnBlock + 1) * packedColumns)
            packedPathProduct(opA, opB, depth: k, c: output.base, ldc: n, rows: rows, columns: columns,
                              accumulate: accumulate)
        }
    }
}
