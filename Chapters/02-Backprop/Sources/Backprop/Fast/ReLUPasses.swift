import NablaCore

// ReLU's two passes as pointer loops shared among the compute threads (`parallelElementwise`):
// after LeNet's first convolution they stream 602,112 values a batch, 7% of a training step when
// one thread did them while the other waited. Each element is computed on its own, so the split
// cannot change a bit; `ReLUPassesTests` holds them to the plain `map` and `zipMap` of the formulas.

extension Tensor {
    /// y = max(0, x) of every element, NaN passed through: `map { $0 < 0 ? 0 : $0 }`.
    @inlinable
    func reluForwardPass() -> Tensor {
        var output = Tensor(toOverwrite: shape)
        output.withUnsafeMutableBufferPointer { y in
            withUnsafeBufferPointer { x in
                let (y, x) = (y.sendable, x.sendable)
                parallelElementwise(count: count) { elements in
                    let (y, x) = (y.base, x.base)
                    for i in elements { y[i] = x[i] < 0 ? 0 : x[i] }
                }
            }
        }
        return output
    }

    /// dx = dy · [x > 0] of every element, `self` being dy: `zipMap(input) { dy, x in x > 0 ? dy : 0 }`.
    @inlinable
    func reluBackwardPass(input: Tensor) -> Tensor {
        require(shape == input.shape,
                "relu backward: shapes \(describe(shape: shape)) and \(describe(shape: input.shape)) differ")
        var inputGradient = Tensor(toOverwrite: shape)
        inputGradient.withUnsafeMutableBufferPointer { dx in
            withUnsafeBufferPointer { dy in
                input.withUnsafeBufferPointer { x in
                    let (dx, dy, x) = (dx.sendable, dy.sendable, x.sendable)
                    parallelElementwise(count: count) { elements in
                        let (dx, dy, x) = (dx.base, dy.base, x.base)
                        for i in elements { dx[i] = x[i] > 0 ? dy[i] : 0 }
                    }
                }
            }
        }
        return inputGradient
    }
}
