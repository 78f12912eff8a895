import Backprop
import NablaCore

/// A residual unit (He et al., 2016, "Deep Residual Learning for Image Recognition", eq. 1–2):
/// a few layers F learn a correction to their input, and the input skips past them.
///
/// Forward:
///
///     z = F(x) + S(x),   y = ReLU(z)
///
/// where S, the shortcut, is the identity when F keeps the shape, or a projection (a strided 1×1
/// convolution and batch norm, torchvision's `downsample`) when F halves the size or changes the
/// channels. A **plain** unit has no shortcut at all: z = F(x). Same layers, same weights: the
/// only difference is the addition, which is what chapter 8's gradient-norm experiment measures.
///
/// Backward: z has two paths back to x, so dL/dx is the sum of what each sends:
///
///     dL/dz = dL/dy · [z > 0]
///     dL/dx = (dL/dx through F, from dL/dz) + (dL/dz itself for the identity, or
///                                             dL/dx through S, from dL/dz, for a projection)
///
/// The identity path hands dL/dz to x unchanged, however small F's own gradient has become: that
/// is why a deep stack of these units trains where the same stack without shortcuts does not.
///
/// Parameters: F's under its layers' names (`conv1.weight`, `bn1.running_mean`…), the projection's
/// under `downsample.` (`downsample.0.weight`), as torchvision's `BasicBlock` and `Bottleneck`
/// name them, so a PyTorch state_dict maps one to one.
/// Throws `NablaError.shapeMismatch` when F(x) and S(x) differ in shape (F changes the shape and
/// the shortcut is the identity: give it a projection).
public struct Residual<Scalar: Real>: Layer {
    /// What is added to F(x).
    public enum Shortcut {
        /// S(x) = x.
        case identity
        /// S(x) = the projection's output (torchvision's `downsample`).
        case projection(Sequential<Scalar>)
        /// No shortcut: a plain unit, z = F(x).
        case removed
    }

    /// F: the layers the input skips past.
    public var main: Sequential<Scalar>
    public var shortcut: Shortcut

    public init(main: Sequential<Scalar>, shortcut: Shortcut) { (self.main, self.shortcut) = (main, shortcut) }

    public struct Cache {
        let main: Sequential<Scalar>.Cache
        let projection: Sequential<Scalar>.Cache?
        let relu: Tensor<Scalar>
    }

    public var parameters: Parameters<Scalar> {
        get { tensors(\.parameters) }
        set { setTensors(\.parameters, newValue) }
    }

    public var buffers: Parameters<Scalar> {
        get { tensors(\.buffers) }
        set { setTensors(\.buffers, newValue) }
    }

    /// F's tensors, then the projection's under `downsample.`.
    private func tensors(_ part: KeyPath<Sequential<Scalar>, Parameters<Scalar>>) -> Parameters<Scalar> {
        main[keyPath: part].merged(with: projection?[keyPath: part].prefixed("downsample") ?? Parameters())
    }

    private mutating func setTensors(_ part: WritableKeyPath<Sequential<Scalar>, Parameters<Scalar>>, _ all: Parameters<Scalar>) {
        main[keyPath: part] = all
        if case .projection(var projection) = shortcut {
            projection[keyPath: part] = all.underPrefix("downsample")
            shortcut = .projection(projection)
        }
    }

    private var projection: Sequential<Scalar>? {
        if case .projection(let projection) = shortcut { projection } else { nil }
    }

    @_specialize(where Scalar == Float)
    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        let (f, mainCache) = try main.forward(input, context: &context)
        var z = f, projectionCache: Sequential<Scalar>.Cache?
        switch shortcut {
        case .identity:
            try checkShapes(f, input, shortcut: "the identity")
            // z = F(x) + x
            z += input
        case .projection(var projection):
            let (s, cache) = try projection.forward(input, context: &context)
            shortcut = .projection(projection)  // its batch norm's running statistics moved
            try checkShapes(f, s, shortcut: "the projection")
            // z = F(x) + S(x)
            z += s
            projectionCache = cache
        case .removed:
            break
        }
        // y = ReLU(z)
        var noContext = ForwardContext()
        let (y, reluCache) = ReLU<Scalar>().forward(z, context: &noContext)
        return (y, Cache(main: mainCache, projection: projectionCache, relu: reluCache))
    }

    private func checkShapes(_ f: Tensor<Scalar>, _ s: Tensor<Scalar>, shortcut: String) throws {
        try checkShape(f.shape == s.shape, layer: "Residual",
                       "the main path gives \(describe(shape: f.shape)) but \(shortcut) gives \(describe(shape: s.shape)); a shortcut that changes the shape needs a projection (downsample)")
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dL/dz = dL/dy · [z > 0]
        let dz = ReLU<Scalar>().backward(outputGradient, cache: cache.relu).inputGradient
        // dL/dx through F
        var (dx, gradients) = main.backward(dz, cache: cache.main)
        switch shortcut {
        case .identity:
            // + dL/dz: the identity's Jacobian is I
            dx += dz
        case .projection(let projection):
            // + dL/dx through S
            let (dxThroughS, projectionGradients) = projection.backward(dz, cache: cache.projection!)
            dx += dxThroughS
            gradients = gradients.merged(with: projectionGradients.prefixed("downsample"))
        case .removed:
            break
        }
        return (dx, gradients)
    }

    public func multiplyAdds(exampleShape: [Int]) -> Int {
        main.multiplyAdds(exampleShape: exampleShape) + (projection?.multiplyAdds(exampleShape: exampleShape) ?? 0)
    }
}
