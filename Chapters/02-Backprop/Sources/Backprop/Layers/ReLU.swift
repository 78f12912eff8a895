import NablaCore

/// The rectified linear unit.
///
/// Forward:   y = max(0, x)
/// Backward:  dL/dx = dy · [x > 0]   (0 at the kink x = 0, PyTorch's choice)
public struct ReLU<Scalar: Real>: ElementwiseActivation {
    public init() {}

    /// Caches the input: the sign of x decides where gradient flows.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // y = max(0, x), written so that NaN passes through (as in PyTorch) instead of hiding as 0:
        //     input.map { $0 < 0 ? 0 : $0 }, on all the compute threads (Fast/ReLUPasses.swift)
        (input.reluForwardPass(), input)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache input: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dx = dy · [x > 0]:
        //     outputGradient.zipMap(input) { dy, x in x > 0 ? dy : 0 }, on all the compute threads
        (outputGradient.reluBackwardPass(input: input), Parameters())
    }
}
