import Foundation

/// One node of a scalar computational graph: a number, the operation that made it from its
/// parents, and, after `backward()` on the output, `grad` = ∂output/∂node.
///
/// Building an expression out of `Value`s records the graph as it computes:
///
///     let x = Value(-2, "x"), y = Value(5, "y"), z = Value(-4, "z")
///     let f = (x + y) * z          // f.data == -12; f.parents == [x + y, z]
///     f.backward()                 // x.grad == -4, y.grad == -4, z.grad == 3
///
/// A class, not a struct: a node used twice (as in a · a) must be one node that collects
/// gradient from both uses.
public final class Value {
    public let data: Double
    /// ∂output/∂self, filled in by `backward()` on the output.
    public internal(set) var grad: Double = 0
    public let operation: Operation
    public let parents: [Value]
    /// The name shown in walk-throughs; an expression of the parents' labels unless given.
    public var label: String

    /// The operations a node can come from. `input` is a leaf: a variable or a constant.
    public enum Operation: Equatable, Sendable {
        case input, add, subtract, negate, multiply, divide, power(Double), exp, log, tanh, relu
    }

    /// A leaf: an input variable, or a constant when no label is given.
    public init(_ data: Double, _ label: String? = nil) {
        self.data = data
        self.operation = .input
        self.parents = []
        self.label = label ?? formatNumber(data)
    }

    init(_ data: Double, _ operation: Operation, _ parents: [Value]) {
        self.data = data
        self.operation = operation
        self.parents = parents
        self.label = ""
        self.label = expression
    }

    /// How this node is computed from its parents' labels: `x + y`, `exp(s)`; the value of a leaf.
    public var expression: String {
        let a = parents.first?.label ?? "", b = parents.count > 1 ? parents[1].label : ""
        switch operation {
        case .input: return formatNumber(data)
        case .add: return "(\(a) + \(b))"
        case .subtract: return "(\(a) − \(b))"
        case .negate: return "−\(a)"
        case .multiply: return "\(a)·\(b)"
        case .divide: return "\(a)/\(b)"
        case .power(let n): return "\(a)^\(formatNumber(n))"
        case .exp: return "exp(\(a))"
        case .log: return "log(\(a))"
        case .tanh: return "tanh(\(a))"
        case .relu: return "relu(\(a))"
        }
    }

    /// Gives the node a name for printing; returns it, so `let q = (x + y).named("q")` reads well.
    @discardableResult
    public func named(_ label: String) -> Value {
        self.label = label
        return self
    }
}

// The forward pass of each operation. Its local derivatives are in LocalDerivatives.swift.

public func + (a: Value, b: Value) -> Value { Value(a.data + b.data, .add, [a, b]) }
public func - (a: Value, b: Value) -> Value { Value(a.data - b.data, .subtract, [a, b]) }
public func * (a: Value, b: Value) -> Value { Value(a.data * b.data, .multiply, [a, b]) }
public func / (a: Value, b: Value) -> Value { Value(a.data / b.data, .divide, [a, b]) }
public prefix func - (a: Value) -> Value { Value(-a.data, .negate, [a]) }

// A plain number next to a `Value` becomes a constant leaf.
public func + (a: Value, b: Double) -> Value { a + Value(b) }
public func + (a: Double, b: Value) -> Value { Value(a) + b }
public func - (a: Value, b: Double) -> Value { a - Value(b) }
public func - (a: Double, b: Value) -> Value { Value(a) - b }
public func * (a: Value, b: Double) -> Value { a * Value(b) }
public func * (a: Double, b: Value) -> Value { Value(a) * b }
public func / (a: Value, b: Double) -> Value { a / Value(b) }
public func / (a: Double, b: Value) -> Value { Value(a) / b }

extension Value {
    /// self to a constant power n.
    public func pow(_ n: Double) -> Value { Value(Foundation.pow(data, n), .power(n), [self]) }
    public func exp() -> Value { Value(Foundation.exp(data), .exp, [self]) }
    public func log() -> Value { Value(Foundation.log(data), .log, [self]) }
    public func tanh() -> Value { Value(Foundation.tanh(data), .tanh, [self]) }
    public func relu() -> Value { Value(data > 0 ? data : 0, .relu, [self]) }
}

/// A number the way labels show it: `-4`, `0.731059`, `1.5e-07`.
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(format: "%.6g", x)
}
