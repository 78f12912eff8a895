// Reductions. Each sums in a fixed order (first element to last), so results never depend on
// how work was split across threads.

extension Tensor {
    /// The sum of all elements.
    @inlinable
    public func sum() -> Scalar { storage.reduce(0, +) }

    /// The mean of all elements.
    @inlinable
    public func mean() -> Scalar { count == 0 ? 0 : sum() / Scalar(count) }

    /// The largest element.
    @inlinable
    public func max() -> Scalar {
        require(count > 0, "max: empty tensor")
        return storage.max()!
    }

    /// Sums over one axis, removing it: `[A, B, C].sum(axis: 1)` has shape `[A, C]`.
    @inlinable
    public func sum(axis: Int) -> Tensor {
        let (outer, size, inner, resultShape) = splitAround(axis: axis, operation: "sum(axis:)")
        var result = [Scalar](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for k in 0..<size {
                let base = (o * size + k) * inner
                for i in 0..<inner { result[o * inner + i] += storage[base + i] }
            }
        }
        return Tensor(shape: resultShape, scalars: result)
    }

    /// The index of the largest element along the last axis, for each leading position:
    /// the predicted class of each row of scores.
    @inlinable
    public func argmaxLastAxis() -> [Int] {
        require(rank >= 1 && shape.last! > 0, "argmaxLastAxis: needs a non-empty last axis, got \(describe(shape: shape))")
        let size = shape.last!
        return (0..<(count / size)).map { row in
            var best = 0
            for j in 1..<size where storage[row * size + j] > storage[row * size + best] { best = j }
            return best
        }
    }

    /// The product of the dimensions before `axis`, the size of `axis`, the product after it,
    /// and the shape without `axis`.
    @inlinable
    func splitAround(axis: Int, operation: String) -> (Int, Int, Int, [Int]) {
        let axis = axis < 0 ? axis + rank : axis
        require(axis >= 0 && axis < rank, "\(operation): axis out of range for shape \(describe(shape: shape))")
        var remaining = shape
        remaining.remove(at: axis)
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *), remaining)
    }
}
