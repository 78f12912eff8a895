import NablaCore

/// Leaky ReLU: y = x for x > 0, a·x otherwise, so negative inputs still pass a little gradient.
/// At x = 0 the derivative is a, as in PyTorch.
public struct LeakyReLU<Scalar: Real>: ElementwiseActivation {
    public static var opName: String { "leaky_relu" }
    public static var summary: String { "y = x if x > 0 else a·x" }
    public static var exampleConfig: [String: JSON] { ["negative_slope": .number(0.1)] }

    public let negativeSlope: Scalar

    public init(negativeSlope: Scalar = 0.01) { self.negativeSlope = negativeSlope }
    public init(config: Config, generator: inout RandomGenerator) throws {
        self.init(negativeSlope: Scalar(try config.double("negative_slope", default: 0.01)))
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) -> (output: Tensor<Scalar>, cache: Tensor<Scalar>) {
        // y = x if x > 0 else a·x
        (input.map { $0 > 0 ? $0 : negativeSlope * $0 }, input)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache input: Tensor<Scalar>)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dx = dy if x > 0 else a·dy
        (outputGradient.zipMap(input, "leaky_relu backward") { dy, x in x > 0 ? dy : negativeSlope * dy }, Parameters())
    }
}
