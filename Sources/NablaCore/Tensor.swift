import Foundation

/// An n-dimensional array: a shape and its elements stored contiguously in row-major (C) order.
///
/// `Tensor` has value semantics: assigning one to another variable copies it (lazily, the first
/// time either is written, as `Array` does). Element `[i, j, k]` of a `[A, B, C]` tensor lives at
/// offset `(i * B + j) * C + k`.
public struct Tensor<Scalar: Real>: Equatable, Sendable {
    /// The size of each dimension, outermost first. A scalar has shape `[]`.
    public let shape: [Int]
    @usableFromInline var storage: [Scalar]

    /// Creates a tensor from its shape and row-major elements.
    @inlinable
    public init(shape: [Int], scalars: [Scalar]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        // Checked arithmetic: a wrapped product must never match the count by accident.
        require(TensorSize.elementCount(shape, limit: .max) == scalars.count,
                "Tensor: shape \(shape) needs \(TensorSize.problem(with: shape, limit: .max) ?? "\(shape.reduce(1, *))") elements, got \(scalars.count)")
        self.shape = shape
        self.storage = scalars
    }

    /// A tensor of `shape` with every element equal to `value`.
    @inlinable
    public init(repeating value: Scalar, shape: [Int]) {
        let count = TensorSize.elementCount(shape, limit: .max)
        require(count != nil, "Tensor: cannot allocate shape \(shape): \(TensorSize.problem(with: shape, limit: .max) ?? "")")
        self.init(shape: shape, scalars: Array(repeating: value, count: count!))
    }

    /// A tensor of zeros.
    @inlinable
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A rank-0 tensor holding one value.
    @inlinable
    public init(scalar: Scalar) { self.init(shape: [], scalars: [scalar]) }

    /// A tensor whose every element the caller is about to write: its memory is not zeroed first
    /// (for the large outputs of a convolution, zeroing takes a tenth of the pass).
    @inlinable
    public init(toOverwrite shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(shape: shape, scalars: [Scalar](unsafeUninitializedCapacity: count) { _, initialized in initialized = count })
    }

    /// A tensor whose element at each flat index `i` is `element(i)`.
    @inlinable
    public init(shape: [Int], element: (Int) -> Scalar) {
        self.init(shape: shape, scalars: (0..<shape.reduce(1, *)).map(element))
    }

    /// The elements in row-major order. Writable in place; the count must not change.
    @inlinable
    public var scalars: [Scalar] {
        get { storage }
        _modify {
            let count = storage.count
            yield &storage
            require(storage.count == count, "Tensor: scalars of a \(shape) tensor must keep \(count) elements")
        }
    }

    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The single element of a tensor with one element.
    @inlinable
    public var scalar: Scalar {
        require(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements, not 1")
        return storage[0]
    }

    /// The flat (row-major) offset of a multi-index.
    @inlinable
    public func offset(_ index: [Int]) -> Int {
        require(index.count == rank, "Tensor: index \(index) has \(index.count) components for shape \(shape)")
        var offset = 0
        for (i, size) in zip(index, shape) {
            require(i >= 0 && i < size, "Tensor: index \(index) is out of bounds for shape \(shape)")
            offset = offset * size + i
        }
        return offset
    }

    /// Element access by multi-index: `t[i, j]`. Readable, not fast: hot loops use pointers.
    @inlinable
    public subscript(_ index: Int...) -> Scalar {
        get { storage[offset(index)] }
        set { storage[offset(index)] = newValue }
    }

    /// The same elements under a new shape with the same count; one dimension may be `-1`
    /// (inferred), as in PyTorch's `reshape`.
    @inlinable
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            require(known > 0 && count % known == 0, "reshape: cannot view shape \(shape) as \(newShape)")
            resolved[unknown] = count / known
        }
        require(resolved.reduce(1, *) == count,
                "reshape: shape \(shape) (\(count) elements) cannot become \(newShape)")
        return Tensor(shape: resolved, scalars: storage)
    }

    /// The transpose of a matrix: `result[j, i] = self[i, j]`.
    @inlinable
    public func transposed() -> Tensor {
        require(rank == 2, "transposed: needs a matrix, got shape \(shape)")
        let rows = shape[0], columns = shape[1]
        var result = [Scalar](repeating: 0, count: count)
        for i in 0..<rows {
            for j in 0..<columns { result[j * rows + i] = storage[i * columns + j] }
        }
        return Tensor(shape: [columns, rows], scalars: result)
    }

    /// Converts each element to another scalar type (`Float` ↔ `Double`).
    @inlinable
    public func converted<Other: Real>(to type: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(shape: shape, scalars: storage.map { Other($0) })
    }

    /// Calls `body` with a pointer to the elements, for fast loops.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements, for fast loops.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }
}

/// Read pointers to two tensors and a write pointer to a third (a backward pass's dy, x̂ → dx).
@inlinable
public func withBuffers<Scalar, R>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, writing c: inout Tensor<Scalar>,
    _ body: (UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) throws -> R
) rethrows -> R {
    try a.withUnsafeBufferPointer { a in
        try b.withUnsafeBufferPointer { b in
            try c.withUnsafeMutableBufferPointer { c in try body(a, b, c) }
        }
    }
}

/// Read pointers to three tensors and write pointers to two, for a loop that computes the outputs
/// from the inputs (a normalisation's x, γ, β → x̂, y): the nest of `withUnsafe…BufferPointer`
/// calls written once, so a layer's loop reads as its formula. The outputs must be distinct.
@inlinable
public func withBuffers<Scalar, R>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, _ c: Tensor<Scalar>, writing d: inout Tensor<Scalar>, _ e: inout Tensor<Scalar>,
    _ body: (UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>,
             UnsafeMutableBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) throws -> R
) rethrows -> R {
    try a.withUnsafeBufferPointer { a in
        try b.withUnsafeBufferPointer { b in
            try c.withUnsafeBufferPointer { c in
                try d.withUnsafeMutableBufferPointer { d in
                    try e.withUnsafeMutableBufferPointer { e in try body(a, b, c, d, e) }
                }
            }
        }
    }
}

/// As `withBuffers(_:_:_:writing:_:_:)`, with three outputs (a backward pass's dx, dγ, dβ).
@inlinable
public func withBuffers<Scalar, R>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, _ c: Tensor<Scalar>,
    writing d: inout Tensor<Scalar>, _ e: inout Tensor<Scalar>, _ f: inout Tensor<Scalar>,
    _ body: (UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>,
             UnsafeMutableBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) throws -> R
) rethrows -> R {
    try f.withUnsafeMutableBufferPointer { f in
        try withBuffers(a, b, c, writing: &d, &e) { a, b, c, d, e in try body(a, b, c, d, e, f) }
    }
}

/// `[2, 3]` in error messages and descriptions, the way PyTorch prints sizes.
@inlinable
public func describe(shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

extension Tensor: CustomStringConvertible {
    /// The shape and the elements, nested by dimension; long tensors are abbreviated.
    public var description: String {
        func format(_ x: Scalar) -> String {
            let value = Double(x)
            return abs(value) >= 1e4 || (abs(value) < 1e-3 && value != 0)
                ? String(format: "%.4e", value) : String(format: "%.4f", value)
        }
        func nested(_ dimension: Int, _ start: Int) -> String {
            if dimension == rank { return format(storage[start]) }
            let stride = shape[(dimension + 1)...].reduce(1, *)
            let size = shape[dimension]
            let shown = size > 8 ? Array(0..<3) + [-1] + Array((size - 3)..<size) : Array(0..<size)
            let parts = shown.map { $0 < 0 ? "..." : nested(dimension + 1, start + $0 * stride) }
            return "[" + parts.joined(separator: dimension == rank - 1 ? ", " : ",\n ") + "]"
        }
        return "Tensor\(describe(shape: shape))" + (count == 0 ? " []" : " " + nested(0, 0))
    }
}
