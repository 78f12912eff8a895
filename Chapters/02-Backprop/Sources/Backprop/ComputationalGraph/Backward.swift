extension Value {
    /// Every node this one depends on, itself last, each node after all of its parents.
    public func topologicalOrder() -> [Value] {
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        func visit(_ node: Value) {
            guard visited.insert(ObjectIdentifier(node)).inserted else { return }
            for parent in node.parents { visit(parent) }
            order.append(node)
        }
        visit(self)
        return order
    }

    /// Sets `grad` = ∂self/∂node on every node of the graph, by the chain rule from the output back.
    ///
    /// Reverse topological order guarantees a node's gradient is complete (every use of it has
    /// sent its share) before the node passes gradient on to its own parents.
    public func backward() {
        let order = topologicalOrder()
        for node in order { node.grad = 0 }
        // ∂self/∂self = 1
        grad = 1
        for node in order.reversed() {
            for (parent, local) in zip(node.parents, node.localDerivatives) {
                // downstream = upstream × local, summed over every use of the parent
                parent.grad += node.grad * local.value
            }
        }
    }

    /// ∂f/∂xᵢ for every input by central differences, to check `backward()`.
    /// `function` builds the expression from leaves holding `inputs`.
    public static func numericalGradient(of function: ([Value]) -> Value, at inputs: [Double],
                                         h: Double = 1e-5) -> [Double] {
        inputs.indices.map { i in
            var plus = inputs, minus = inputs
            plus[i] += h
            minus[i] -= h
            // ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, with an error that shrinks like h²
            return (function(plus.map { Value($0) }).data - function(minus.map { Value($0) }).data) / (2 * h)
        }
    }
}
