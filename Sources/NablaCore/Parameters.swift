/// Named tensors in a fixed order: a layer's parameters (`weight`, `bias`), their gradients, or
/// its buffers (`running_mean`). Names and layouts are PyTorch's, so fixtures map one to one.
public struct Parameters<Scalar: Real>: Equatable, Sendable {
    /// The names, in the order they were added.
    public private(set) var names: [String] = []
    @usableFromInline var tensors: [Tensor<Scalar>] = []

    public init() {}

    /// Parameters from `(name, tensor)` pairs, in order.
    public init(_ pairs: KeyValuePairs<String, Tensor<Scalar>>) {
        for (name, tensor) in pairs { append(name, tensor) }
    }

    public var count: Int { names.count }
    public var isEmpty: Bool { names.isEmpty }

    /// The total number of scalars in all tensors (a model's parameter count).
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

    @_specialize(where Scalar == Float)
    public mutating func append(_ name: String, _ tensor: Tensor<Scalar>) {
        require(!names.contains(name), "Parameters: '\(name)' is already present")
        names.append(name)
        tensors.append(tensor)
    }

    /// The tensor called `name`, or nil.
    public func tensor(named name: String) -> Tensor<Scalar>? {
        names.firstIndex(of: name).map { tensors[$0] }
    }

    /// The tensor called `name`; stops with the list of names when there is none.
    /// Writable in place: `layer.parameters["weight"].scalars[0] += h`.
    @inlinable
    public subscript(name: String) -> Tensor<Scalar> {
        get { tensors[index(of: name)] }
        _modify { yield &tensors[index(of: name)] }
    }

    /// The tensor at position `i`, in the order of `names`.
    @inlinable
    public subscript(position i: Int) -> Tensor<Scalar> {
        get { tensors[i] }
        _modify { yield &tensors[i] }
    }

    @inlinable
    func index(of name: String) -> Int {
        guard let index = names.firstIndex(of: name) else {
            fatalError("Parameters: no tensor named '\(name)'; there are: \(names.joined(separator: ", "))")
        }
        return index
    }

    /// `(name, tensor)` pairs in order.
    public var pairs: [(name: String, tensor: Tensor<Scalar>)] {
        Array(zip(names, tensors)).map { (name: $0.0, tensor: $0.1) }
    }

    /// The same tensors named `prefix.name`: a sub-module's parameters as its parent names them
    /// (`weight` of layer `conv1` is `conv1.weight`).
    @_specialize(where Scalar == Float)
    public func prefixed(_ prefix: String) -> Parameters {
        var all = Parameters()
        for (name, tensor) in zip(names, tensors) { all.append(prefix + "." + name, tensor) }
        return all
    }

    /// The tensors named `prefix.…`, without the prefix: what `prefixed` gave, taken back.
    public func underPrefix(_ prefix: String) -> Parameters {
        var own = Parameters()
        let start = prefix + "."
        for (name, tensor) in zip(names, tensors) where name.hasPrefix(start) {
            own.append(String(name.dropFirst(start.count)), tensor)
        }
        return own
    }

    /// These parameters followed by `other`'s (names must not repeat).
    @_specialize(where Scalar == Float)
    public func merged(with other: Parameters) -> Parameters {
        var all = self
        for (name, tensor) in zip(other.names, other.tensors) { all.append(name, tensor) }
        return all
    }
}
