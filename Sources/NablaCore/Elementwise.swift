// Elementwise arithmetic. Two tensors combined elementwise must have the same shape: Nabla does not
// broadcast implicitly, so every shape in a layer's code is visible where it is used.

extension Tensor {
    /// A tensor of the same shape with `transform` applied to each element.
    @inlinable @inline(__always)
    public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
        // A plain pointer loop into uninitialised storage: once `transform` is inlined the
        // compiler vectorises it (Array.map appends one element at a time).
        let result = storage.withUnsafeBufferPointer { x in
            [Scalar](unsafeUninitializedCapacity: x.count) { y, initialized in
                for i in 0..<x.count { y[i] = transform(x[i]) }
                initialized = x.count
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// Combines two same-shaped tensors element by element.
    @inlinable @inline(__always)
    public func zipMap(_ other: Tensor, _ operation: String = "zipMap",
                       _ combine: (Scalar, Scalar) -> Scalar) -> Tensor {
        require(shape == other.shape,
                "\(operation): shapes \(describe(shape: shape)) and \(describe(shape: other.shape)) differ")
        let result = storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                [Scalar](unsafeUninitializedCapacity: a.count) { y, initialized in
                    for i in 0..<a.count { y[i] = combine(a[i], b[i]) }
                    initialized = a.count
                }
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    @inlinable public static func + (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, "+", +) }
    @inlinable public static func - (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, "-", -) }
    @inlinable public static func * (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, "*", *) }
    @inlinable public static func / (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, "/", /) }
    @inlinable public static func + (a: Tensor, s: Scalar) -> Tensor { a.map { $0 + s } }
    @inlinable public static func - (a: Tensor, s: Scalar) -> Tensor { a.map { $0 - s } }
    @inlinable public static func * (a: Tensor, s: Scalar) -> Tensor { a.map { $0 * s } }
    @inlinable public static func * (s: Scalar, a: Tensor) -> Tensor { a.map { s * $0 } }
    @inlinable public static func / (a: Tensor, s: Scalar) -> Tensor { a.map { $0 / s } }
    @inlinable public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    @inlinable public static func += (a: inout Tensor, b: Tensor) { a.add(b, scaledBy: 1) }
    @inlinable public static func -= (a: inout Tensor, b: Tensor) { a.add(b, scaledBy: -1) }
    @inlinable public static func *= (a: inout Tensor, s: Scalar) {
        a.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] *= s } }
    }

    /// self += alpha * other, in place (the "axpy" of BLAS).
    @inlinable
    public mutating func add(_ other: Tensor, scaledBy alpha: Scalar) {
        require(shape == other.shape,
                "add: shapes \(describe(shape: shape)) and \(describe(shape: other.shape)) differ")
        other.withUnsafeBufferPointer { source in
            withUnsafeMutableBufferPointer { target in
                for i in target.indices { target[i] += alpha * source[i] }
            }
        }
    }

    /// Adds `vector` (shape `[C]`) to every row of a `[N, C]` matrix, in place: the bias of a
    /// linear layer.
    @inlinable
    public mutating func addToEachRow(_ vector: Tensor) {
        require(rank == 2 && vector.shape == [shape[1]],
                "addToEachRow: cannot add \(describe(shape: vector.shape)) to rows of \(describe(shape: shape))")
        let rows = shape[0], columns = shape[1]
        withUnsafeMutableBufferPointer { r in
            vector.withUnsafeBufferPointer { v in
                for i in 0..<rows { for j in 0..<columns { r[i * columns + j] += v[j] } }
            }
        }
    }

    /// A copy with `vector` added to every row.
    @inlinable
    public func addingToEachRow(_ vector: Tensor) -> Tensor {
        var result = self
        result.addToEachRow(vector)
        return result
    }
}
