import XCTest
import Backprop
import NablaTestSupport

final class ComputationalGraphTests: XCTestCase {
    /// Builds `function` on `inputs`, runs backward, and compares every input's gradient with
    /// central finite differences.
    private func assertGradientsMatchFiniteDifferences(_ name: String, at inputs: [Double],
                                                       _ function: ([Value]) -> Value,
                                                       file: StaticString = #filePath, line: UInt = #line) {
        let leaves = inputs.map { Value($0) }
        function(leaves).backward()
        let numerical = Value.numericalGradient(of: function, at: inputs)
        assertClose(leaves.map(\.grad), numerical, tolerance: 1e-8, name, file: file, line: line)
    }

    func testEachOperationMatchesFiniteDifferences() {
        assertGradientsMatchFiniteDifferences("add", at: [1.5, -2]) { $0[0] + $0[1] }
        assertGradientsMatchFiniteDifferences("subtract", at: [1.5, -2]) { $0[0] - $0[1] }
        assertGradientsMatchFiniteDifferences("negate", at: [0.7]) { -$0[0] }
        assertGradientsMatchFiniteDifferences("multiply", at: [1.5, -2]) { $0[0] * $0[1] }
        assertGradientsMatchFiniteDifferences("divide", at: [1.5, -2]) { $0[0] / $0[1] }
        assertGradientsMatchFiniteDifferences("power 3", at: [-1.3]) { $0[0].pow(3) }
        assertGradientsMatchFiniteDifferences("power 0.5", at: [2.2]) { $0[0].pow(0.5) }
        assertGradientsMatchFiniteDifferences("power -2", at: [0.8]) { $0[0].pow(-2) }
        assertGradientsMatchFiniteDifferences("exp", at: [0.3]) { $0[0].exp() }
        assertGradientsMatchFiniteDifferences("log", at: [0.3]) { $0[0].log() }
        assertGradientsMatchFiniteDifferences("tanh", at: [-0.8]) { $0[0].tanh() }
        assertGradientsMatchFiniteDifferences("relu positive", at: [0.8]) { $0[0].relu() }
        assertGradientsMatchFiniteDifferences("relu negative", at: [-0.8]) { $0[0].relu() }
        assertGradientsMatchFiniteDifferences("constants", at: [0.4]) { 2 / (1 + $0[0]) - 3 * $0[0] + ($0[0] - 1) / 4 }
    }

    func testComposedExpressionMatchesFiniteDifferences() {
        assertGradientsMatchFiniteDifferences("tanh neuron", at: [0.5, -1.2, 0.3, 2]) { v in
            (v[0] * v[1] + v[2]).tanh() * v[3]
        }
        assertGradientsMatchFiniteDifferences("log-sum-exp", at: [0.1, -0.4, 1.1]) { v in
            (v[0].exp() + v[1].exp() + v[2].exp()).log()
        }
    }

    func testReluDerivativeAtTheKinkIsZeroAsInPyTorch() {
        let x = Value(0)
        x.relu().backward()
        XCTAssertEqual(x.grad, 0)
    }

    func testCS231nAdditionMultiplicationExample() {
        let x = Value(-2, "x"), y = Value(5, "y"), z = Value(-4, "z")
        let f = (x + y) * z
        f.backward()
        XCTAssertEqual(f.data, -12)
        XCTAssertEqual([x.grad, y.grad, z.grad], [-4, -4, 3])
    }

    func testCS231nSigmoidNeuronExample() {
        let w0 = Value(2), x0 = Value(-1), w1 = Value(-3), x1 = Value(-2), w2 = Value(-3)
        let f = 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())
        f.backward()
        // The neuron's input is s = 1, so ∂f/∂s = σ(1)(1 − σ(1)), and ∂s/∂wᵢ = xᵢ, ∂s/∂xᵢ = wᵢ.
        let sigmoidOfOne = 1 / (1 + exp(-1.0))
        let dfds = sigmoidOfOne * (1 - sigmoidOfOne)
        assertClose([f.data], [0.7310585786300049])
        assertClose([dfds], [0.19661193324148185])
        assertClose([w0.grad, x0.grad, w1.grad, x1.grad, w2.grad], [-dfds, 2 * dfds, -2 * dfds, -3 * dfds, dfds])
    }

    func testANodeUsedTwiceCollectsGradientFromBothUses() {
        let x = Value(3), y = Value(-2)
        let f = x * y + x.pow(2)
        f.backward()
        // ∂f/∂x = y + 2x
        XCTAssertEqual(x.grad, 4)
        XCTAssertEqual(y.grad, 3)
        let a = Value(-1.5)
        (a * a).backward()
        // ∂(a·a)/∂a = 2a: the same node is both parents
        XCTAssertEqual(a.grad, -3)
    }

    func testBackwardTwiceGivesTheSameGradients() {
        let x = Value(0.5), y = Value(2)
        let f = (x * y).tanh()
        f.backward()
        let first = [x.grad, y.grad]
        f.backward()
        XCTAssertEqual([x.grad, y.grad], first)
    }

    func testTopologicalOrderPutsParentsFirstAndEachNodeOnce() {
        let x = Value(1, "x")
        let a = (x * x).named("a")
        let f = (a + x).named("f")
        let order = f.topologicalOrder()
        XCTAssertEqual(order.map(\.label), ["x", "a", "f"])
    }

    func testLocalDerivativeRulesNameTheOperands() {
        let q = Value(3, "q"), z = Value(-4, "z")
        let f = (q * z).named("f")
        XCTAssertEqual(f.localDerivatives.map(\.rule), ["z", "q"])
        XCTAssertEqual(f.localDerivatives.map(\.value), [-4, 3])
        XCTAssertEqual(f.expression, "q·z")
    }
}
