import NablaCore

/// Which code a convolution layer runs. All give the same values up to rounding; the tests prove
/// it (ConvolutionTests, `testBothPathsEqualNaiveOnRandomUnitStrideShapes`).
public enum ConvolutionAlgorithm: Sendable {
    /// The textbook loops of ConvolutionNaive.swift: for reading, and as the reference.
    case naive
    /// The fast code, on the path chosen from the shape (ConvolutionFast.swift).
    case fast
    /// The fast code on the given path, which must support the shape (`.direct` needs stride 1).
    case path(ConvolutionPath)

    var fastPath: ConvolutionPath? { if case .path(let path) = self { path } else { nil } }
}

// The swap between the naive and the fast code, in one place (as CS231n's `conv_forward_naive` and
// `conv_forward_fast` share one signature): the layers call these, and never name a kernel.
extension ConvolutionAlgorithm {
    /// y = b + Σ w · x over each receptive field.
    @_specialize(where Scalar == Float)
    func forward<Scalar: Real>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?,
                               geometry g: ConvolutionGeometry) -> Tensor<Scalar> {
        switch self {
        case .naive: naiveConvolutionForward(x, weight: weight, bias: bias, geometry: g)
        case .fast, .path: fastConvolutionForward(x, weight: weight, bias: bias, geometry: g, path: fastPath)
        }
    }

    /// dL/dx alone.
    @_specialize(where Scalar == Float)
    func inputGradient<Scalar: Real>(_ dy: Tensor<Scalar>, weight: Tensor<Scalar>, geometry g: ConvolutionGeometry) -> Tensor<Scalar> {
        switch self {
        case .naive: naiveConvolutionInputGradient(dy, weight: weight, geometry: g)
        case .fast, .path: fastConvolutionInputGradient(dy, weight: weight, geometry: g, path: fastPath)
        }
    }

    /// dL/dw, and dL/db when `bias`.
    @_specialize(where Scalar == Float)
    func parameterGradients<Scalar: Real>(_ dy: Tensor<Scalar>, input x: Tensor<Scalar>, bias: Bool,
                                          geometry g: ConvolutionGeometry) -> (weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
        switch self {
        case .naive: (naiveConvolutionWeightGradient(dy, input: x, geometry: g), bias ? naiveConvolutionBiasGradient(dy) : nil)
        case .fast, .path: fastConvolutionParameterGradients(dy, input: x, bias: bias, geometry: g, path: fastPath)
        }
    }

    /// dL/dx, dL/dw and (when `bias`) dL/db: the fast code computes them in one sweep over the batch.
    @_specialize(where Scalar == Float)
    func backward<Scalar: Real>(_ dy: Tensor<Scalar>, input x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Bool,
                                geometry g: ConvolutionGeometry) -> (input: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
        switch self {
        case .naive:
            let (dw, db) = parameterGradients(dy, input: x, bias: bias, geometry: g)
            return (naiveConvolutionInputGradient(dy, weight: weight, geometry: g), dw, db)
        case .fast, .path:
            let (dx, dw, db) = fastConvolutionBackward(dy, input: x, weight: weight, bias: bias, geometry: g, path: fastPath)
            return (dx!, dw, db)
        }
    }
}
