import Backprop
import NablaCore

/// Adaptive average pooling (PyTorch's `nn.AdaptiveAvgPool2d(output_size)`): each output cell is
/// the mean of a window of the input, the windows chosen so that any input size gives the same
/// output size. With `outputSize` 1 it is **global average pooling** (Lin et al., 2013, "Network
/// in Network"), the head of a ResNet: each channel's feature map becomes its mean, so the linear
/// layer after it has C inputs whatever the image size, instead of C·H·W.
///
/// Windows (PyTorch's rule), for output row i of `outH` over an input of H rows:
///
///     rows  start(i) = ⌊i·H / outH⌋ … end(i) = ⌈(i + 1)·H / outH⌉ − 1      (and so for columns)
///
/// Forward, with |w| the number of cells in window (i, j):
///
///     y[n, c, i, j] = (1 / |w|) Σ_{(h, v) in window (i, j)} x[n, c, h, v]
///
/// Backward: each cell had the share 1/|w| in every mean it took part in (windows may overlap
/// when H is not a multiple of outH):
///
///     dL/dx[n, c, h, v] = Σ_{windows (i, j) holding (h, v)} dL/dy[n, c, i, j] / |w(i, j)|
///
/// Shapes: x [N, C, H, W] → y [N, C, outH, outW]. Throws `NablaError.shapeMismatch` for an input
/// that is not 4-D. No parameters.
public struct AdaptiveAvgPool2D<Scalar: Real>: ParameterFreeLayer {
    /// (outH, outW): PyTorch's `output_size`.
    public let outputSize: (height: Int, width: Int)

    public init(outputSize: (height: Int, width: Int)) { self.outputSize = outputSize }

    /// A square output: `AdaptiveAvgPool2D(outputSize: 1)` is global average pooling.
    public init(outputSize: Int) { self.init(outputSize: (outputSize, outputSize)) }

    /// The input rows (or columns) of output row `i`: PyTorch's start and end indices.
    public static func window(_ i: Int, of outputs: Int, over inputs: Int) -> Range<Int> {
        (i * inputs / outputs)..<((i + 1) * inputs + outputs - 1) / outputs
    }

    /// Calls `body(o, i, 1/|w|)` for every output cell o and every input cell i of o's window
    /// (flat indices into y and x): the loop nest forward and backward share.
    func forEachWindowCell(inputShape: [Int], _ body: (_ output: Int, _ input: Int, _ share: Scalar) -> Void) {
        let (planes, height, width) = (inputShape[0] * inputShape[1], inputShape[2], inputShape[3])
        let (outH, outW) = outputSize
        for plane in 0..<planes {
            for i in 0..<outH {
                let rows = Self.window(i, of: outH, over: height)
                for j in 0..<outW {
                    let columns = Self.window(j, of: outW, over: width)
                    let share = 1 / Scalar(rows.count * columns.count)
                    for h in rows {
                        for v in columns { body((plane * outH + i) * outW + j, (plane * height + h) * width + v, share) }
                    }
                }
            }
        }
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: [Int]) {
        try checkShape(input.rank == 4, layer: "AdaptiveAvgPool2D", "expected 4D input [N, C, H, W], got \(describe(shape: input.shape))")
        var output = Tensor<Scalar>(zeros: [input.shape[0], input.shape[1], outputSize.height, outputSize.width])
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                // y[o] = Σ x[i] / |w| over o's window
                forEachWindowCell(inputShape: input.shape) { o, i, share in y[o] += x[i] * share }
            }
        }
        return (output, input.shape)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache inputShape: [Int])
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        var inputGradient = Tensor<Scalar>(zeros: inputShape)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                // dx[i] += dy[o] / |w| for every window o that holds i
                forEachWindowCell(inputShape: inputShape) { o, i, share in dx[i] += dy[o] * share }
            }
        }
        return (inputGradient, Parameters())
    }
}
