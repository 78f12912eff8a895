import Foundation
import XCTest
import Backprop

/// Issue 10, item 10: every local derivative of the scalar graph at its boundary points (zero,
/// ±1, the largest and smallest magnitudes). Where the operation is differentiable and its value
/// finite, the derivative must be finite and agree with finite differences; it is never NaN.
final class LocalDerivativeBoundaryTests: XCTestCase {
    func testPowerZeroHasAZeroGradientAtZero() {
        let x = Value(0, "x")
        let f = x.pow(0) * 3 + x
        f.backward()
        XCTAssertEqual(f.data, 3)
        XCTAssertEqual(x.grad, 1, "d/dx (3·x⁰ + x) = 1, not NaN")
        XCTAssertEqual(x.pow(0).localDerivatives[0].rule, "0")
    }

    /// One operation at one point: the expression, and where finite differences cannot speak
    /// (a kink, a vertical tangent) the derivative PyTorch defines instead.
    struct Case {
        let name: String
        let point: [Double]
        let function: ([Value]) -> Value
        var defined: [Double]? = nil
    }

    var cases: [Case] {
        var cases: [Case] = []
        let edges: [Double] = [0, 1, -1, 1e-300, -1e-300, 30, -30, 1e150]
        for a in edges {
            cases.append(Case(name: "negate", point: [a]) { -$0[0] })
            cases.append(Case(name: "exp", point: [a]) { $0[0].exp() })
            cases.append(Case(name: "tanh", point: [a]) { $0[0].tanh() })
            cases.append(Case(name: "relu", point: [a], function: { $0[0].relu() }, defined: a == 0 ? [0] : nil))
            for n in [0.0, 1, 2, 3, -1, -2, 0.5, 1.5] {
                // At 0 a power below 1 has an infinite slope (or a pole): no finite derivative to check.
                if a == 0 && n < 1 && n != 0 { continue }
                // a^1.5 ends at 0 (no values left of it): its one-sided slope there is 0.
                cases.append(Case(name: "power \(n)", point: [a], function: { $0[0].pow(n) }, defined: a == 0 && n == 1.5 ? [0] : nil))
            }
            if a > 0 { cases.append(Case(name: "log", point: [a]) { $0[0].log() }) }
            for b in edges {
                cases.append(Case(name: "add", point: [a, b]) { $0[0] + $0[1] })
                cases.append(Case(name: "subtract", point: [a, b]) { $0[0] - $0[1] })
                cases.append(Case(name: "multiply", point: [a, b]) { $0[0] * $0[1] })
                if b != 0 { cases.append(Case(name: "divide", point: [a, b]) { $0[0] / $0[1] }) }
            }
        }
        return cases
    }

    func testEveryLocalDerivativeIsFiniteAndRightAtTheEdges() {
        var checked = 0
        for c in cases {
            let leaves = c.point.map { Value($0) }
            let output = c.function(leaves)
            guard output.data.isFinite else { continue }
            output.backward()
            for (i, leaf) in leaves.enumerated() {
                let where_ = "\(c.name) at \(c.point), input \(i)"
                let slope = leaf.grad
                // An overflowing slope (e.g. 3a² at a = 1e150) is infinite because the number is,
                // not because the rule is wrong: only NaN is never acceptable.
                XCTAssertFalse(slope.isNaN, "\(where_): NaN")
                guard slope.isFinite else { continue }
                if let defined = c.defined {
                    XCTAssertEqual(slope, defined[i], where_)
                    checked += 1
                } else if c.point.allSatisfy({ $0 == 0 || (1e-3...30).contains(abs($0)) }) {
                    // Finite differences with h = 1e-6 are trustworthy only at moderate points; at
                    // the extremes the check above (never NaN) is what can be asked.
                    XCTAssertEqual(slope, numericalSlope(c.function, at: c.point, input: i), accuracy: 1e-6 * max(1, abs(slope)), where_)
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 200)
    }

    /// ∂f/∂x_i by a central difference with a step of 1e-6·max(1, |x_i|), in Double.
    func numericalSlope(_ function: ([Value]) -> Value, at point: [Double], input i: Int) -> Double {
        let h = max(abs(point[i]), 1) * 1e-6
        var plus = point, minus = point
        plus[i] += h
        minus[i] -= h
        return (function(plus.map { Value($0) }).data - function(minus.map { Value($0) }).data) / (plus[i] - minus[i])
    }
}
