import Foundation

extension Value {
    /// ∂self/∂parent for one parent: its value at this forward pass, and the rule that gave it,
    /// written with the nodes' labels (for the walk-through).
    public struct LocalDerivative {
        public let value: Double
        public let rule: String
    }

    /// One local derivative per parent, in the order of `parents`. These few rules are all the
    /// calculus backpropagation needs: the chain rule does the rest.
    public var localDerivatives: [LocalDerivative] {
        let a = parents.first?.data ?? 0, b = parents.count > 1 ? parents[1].data : 0
        let aName = parents.first?.label ?? "", bName = parents.count > 1 ? parents[1].label : ""
        switch operation {
        case .input:
            return []
        // ∂(a + b)/∂a = 1,  ∂(a + b)/∂b = 1: addition hands the gradient to both inputs unchanged
        case .add:
            return [.init(value: 1, rule: "1"), .init(value: 1, rule: "1")]
        // ∂(a − b)/∂a = 1,  ∂(a − b)/∂b = −1
        case .subtract:
            return [.init(value: 1, rule: "1"), .init(value: -1, rule: "−1")]
        // ∂(−a)/∂a = −1
        case .negate:
            return [.init(value: -1, rule: "−1")]
        // ∂(a·b)/∂a = b,  ∂(a·b)/∂b = a: multiplication swaps its inputs
        case .multiply:
            return [.init(value: b, rule: bName), .init(value: a, rule: aName)]
        // ∂(a/b)/∂a = 1/b,  ∂(a/b)/∂b = −a/b², computed as −(a/b)/b: b² underflows to 0 for
        // |b| < 1e-162, and −0/0 would be NaN where the derivative is 0 (a = 0)
        case .divide:
            return [.init(value: 1 / b, rule: "1/\(bName)"), .init(value: -(a / b) / b, rule: "−\(aName)/\(bName)²")]
        // ∂(aⁿ)/∂a = n·aⁿ⁻¹. For n = 0, a⁰ = 1 is constant and the derivative is 0 everywhere:
        // written as n·aⁿ⁻¹ it would be 0·∞ = NaN at a = 0 (PyTorch returns 0 there too).
        case .power(let n):
            if n == 0 { return [.init(value: 0, rule: "0")] }
            let power = n - 1 == 1 ? aName : "\(aName)^\(formatNumber(n - 1))"
            return [.init(value: n * Foundation.pow(a, n - 1), rule: "\(formatNumber(n))·\(power)")]
        // ∂eᵃ/∂a = eᵃ, the node's own value
        case .exp:
            return [.init(value: data, rule: "exp(\(aName)) = \(label)")]
        // ∂(ln a)/∂a = 1/a
        case .log:
            return [.init(value: 1 / a, rule: "1/\(aName)")]
        // ∂tanh(a)/∂a = 1 − tanh²(a), from the node's own value
        case .tanh:
            return [.init(value: 1 - data * data, rule: "1 − \(label)²")]
        // ∂relu(a)/∂a = 1 if a > 0, else 0 (0 at the kink a = 0, as in PyTorch)
        case .relu:
            return [.init(value: a > 0 ? 1 : 0, rule: "[\(aName) > 0]")]
        }
    }
}
