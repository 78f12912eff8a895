import NablaCore

/// A layer without trainable parameters (activations, softmax, flatten): it declares none.
public protocol ParameterFreeLayer: Layer {}

extension ParameterFreeLayer {
    public var parameters: Parameters<Scalar> {
        get { Parameters() }
        set { require(newValue.isEmpty, "\(Self.self) has no parameters") }
    }
}

/// A layer that applies one scalar function to each element and has no parameters.
/// Its backward is dx = dy ⊙ f′, with f′ computed from what forward cached.
public protocol ElementwiseActivation: ParameterFreeLayer where Cache == Tensor<Scalar> {}
