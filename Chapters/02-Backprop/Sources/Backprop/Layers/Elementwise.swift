import NablaCore

/// A layer that applies one scalar function to each element and has no parameters.
/// Its backward is dx = dy ⊙ f′, with f′ computed from what forward cached.
public protocol ElementwiseActivation: RegisteredLayer where Cache == Tensor<Scalar> {}

extension ElementwiseActivation {
    public var parameters: Parameters<Scalar> {
        get { Parameters() }
        set { require(newValue.isEmpty, "\(Self.opName) has no parameters") }
    }
    public static var exampleInputShape: [Int] { [3, 7] }
}
