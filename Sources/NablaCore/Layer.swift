/// What a forward pass may need besides its input: training or evaluation mode (dropout and batch
/// norm behave differently), a random generator (dropout masks), and fixed masks given by a golden
/// fixture so a random layer can be compared against PyTorch exactly.
public struct ForwardContext: Sendable {
    public var isTraining: Bool
    public var generator: RandomGenerator
    /// Masks chosen from outside (by name, e.g. `"mask"`), used instead of drawing new ones.
    public var fixedMasks: [String: Tensor<Double>]

    public init(isTraining: Bool = false, generator: RandomGenerator = RandomGenerator(seed: 0),
                fixedMasks: [String: Tensor<Double>] = [:]) {
        self.isTraining = isTraining
        self.generator = generator
        self.fixedMasks = fixedMasks
    }

    /// Evaluation mode: no dropout, batch norm uses its running statistics.
    public static var evaluation: ForwardContext { ForwardContext(isTraining: false) }
    /// Training mode with a seeded generator.
    public static func training(seed: UInt64 = 0) -> ForwardContext {
        ForwardContext(isTraining: true, generator: RandomGenerator(seed: seed))
    }
}

/// The contract every layer follows, written out as explicitly as in the CS231n layer functions:
///
///     let (y, cache) = try layer.forward(x, context: &context)       // y = f(x; θ)
///     let (dx, dθ) = layer.backward(dy, cache: cache)                // dx = dy · ∂y/∂x, dθ = dy · ∂y/∂θ
///
/// `forward` returns, beside its output, the `Cache`: exactly what `backward` needs from the forward
/// pass (the input, a mask, normalised values…). `backward` takes the upstream gradient dL/dy and
/// that cache, and returns dL/dx and dL/dθ for every parameter, named as in `parameters`.
/// The gradient checker and the golden fixtures test any type that conforms.
public protocol Layer<Scalar> {
    associatedtype Scalar: Real
    associatedtype Cache

    /// Trainable tensors, PyTorch's names and layouts (`weight` of a linear layer is `[out, in]`).
    var parameters: Parameters<Scalar> { get set }
    /// Non-trainable state updated by forward passes (batch norm's running statistics).
    var buffers: Parameters<Scalar> { get set }

    /// y = f(x; θ), and what backward will need. Mutating only for layers with buffers.
    mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache)

    /// dL/dx and dL/dθ from dL/dy and the forward pass's cache.
    func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>)

    /// dL/dθ alone, for the first layer of a model, whose dL/dx nobody uses. Layers whose input
    /// gradient is costly (a linear layer's is a whole matrix product) skip it here; the default
    /// computes everything and drops dL/dx.
    func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar>

    /// Multiply-adds of one forward pass of one example whose shape (without the batch) is
    /// `exampleShape`, for summaries; 0 for layers that do no products (activations, pooling).
    func multiplyAdds(exampleShape: [Int]) -> Int
}

extension Layer {
    /// Layers without buffers need not declare any.
    public var buffers: Parameters<Scalar> {
        get { Parameters() }
        set { require(newValue.isEmpty, "\(Self.self) has no buffers") }
    }

    public func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar> {
        backward(outputGradient, cache: cache).parameterGradients
    }

    public func multiplyAdds(exampleShape: [Int]) -> Int { 0 }

    /// Parameter gradients from a cache produced by `forwardErasingCache`.
    public func parameterGradients(_ outputGradient: Tensor<Scalar>, erasedCache: Any) -> Parameters<Scalar> {
        guard let cache = erasedCache as? Cache else {
            fatalError("\(Self.self).parameterGradients: the cache came from another layer's forward")
        }
        return parameterGradients(outputGradient, cache: cache)
    }

    /// The layer's type without its scalar: `"Conv2D"` for a `Conv2D<Float>`. Summaries and error
    /// messages name layers this way.
    public var typeName: String { String(String(describing: Self.self).prefix { $0 != "<" }) }

    /// Forward in evaluation mode, when only the output is wanted.
    public mutating func callAsFunction(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var context = ForwardContext.evaluation
        return try forward(input, context: &context).output
    }

    /// Forward with the cache's type erased, so that code holding `any Layer` (a `Sequential`,
    /// the verifier) can keep caches of different layers in one list.
    public mutating func forwardErasingCache(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Any) {
        let (output, cache) = try forward(input, context: &context)
        return (output, cache)
    }

    /// Backward from a cache produced by `forwardErasingCache`.
    public func backward(_ outputGradient: Tensor<Scalar>, erasedCache: Any)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        guard let cache = erasedCache as? Cache else {
            fatalError("\(Self.self).backward: the cache came from another layer's forward")
        }
        return backward(outputGradient, cache: cache)
    }
}

/// The check a layer runs on its input shape, with the message PyTorch users expect:
/// the layer, what it expected, and what it got.
public func checkShape(_ condition: Bool, layer: String, _ message: @autoclosure () -> String) throws {
    if !condition { throw NablaError.shapeMismatch(layer: layer, message: message()) }
}
