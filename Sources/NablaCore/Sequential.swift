/// Layers applied one after another: y = f_n(… f_2(f_1(x))).
///
/// Backward runs the chain rule in reverse: each layer turns dL/d(its output) into dL/d(its input)
/// and hands it to the layer before. Parameters are named like PyTorch's `nn.Sequential`
/// state_dict: the layer's index, a dot, the parameter name (`"0.weight"`, `"2.bias"`); or, for a
/// sequence built with names (PyTorch's `nn.Sequential(OrderedDict(…))`), the layer's name
/// (`"conv1.weight"`, `"bn1.running_mean"`).
public struct Sequential<Scalar: Real>: Layer {
    public var layers: [any Layer<Scalar>]
    /// The layers' names when built with `init(named:)`; nil for index names.
    private var givenNames: [String]?

    /// One erased cache per layer, in order.
    public typealias Cache = [Any]

    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }

    /// The layers written out in order, as a model is read: `Sequential(Linear(…), ReLU(), Linear(…))`.
    public init(_ layers: any Layer<Scalar>...) { self.layers = layers }

    /// Named layers in order: `Sequential(named: ["conv1": Conv2D(…), "bn1": BatchNorm2D(…)])`.
    /// Their parameters are named `conv1.weight`, `bn1.bias`…, as torchvision's blocks name them.
    public init(named layers: KeyValuePairs<String, any Layer<Scalar>>) {
        self.init(layers.map(\.value), names: layers.map(\.key))
    }

    /// `layers` under `names` (one each, in order).
    public init(_ layers: [any Layer<Scalar>], names: [String]) {
        require(layers.count == names.count, "Sequential: \(layers.count) layers but \(names.count) names")
        (self.layers, givenNames) = (layers, names)
    }

    /// The layers' names, or their indices for a sequence built without names.
    public var names: [String] { layers.indices.map(name(ofLayer:)) }

    /// The prefix of layer `i`'s parameters: its name, or its index.
    public func name(ofLayer i: Int) -> String {
        if let givenNames, i < givenNames.count { givenNames[i] } else { String(i) }
    }

    public var parameters: Parameters<Scalar> {
        get { gather { $0.parameters } }
        set { scatter(newValue) { $0.parameters = $1 } }
    }

    public var buffers: Parameters<Scalar> {
        get { gather { $0.buffers } }
        set { scatter(newValue) { $0.buffers = $1 } }
    }

    @_specialize(where Scalar == Float)
    public mutating func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws
        -> (output: Tensor<Scalar>, cache: Cache) {
        var x = input
        var caches: [Any] = []
        caches.reserveCapacity(layers.count)
        for i in layers.indices {
            let (y, cache) = try layers[i].forwardErasingCache(x, context: &context)
            caches.append(cache)
            x = y
        }
        return (x, caches)
    }

    /// The output alone, as `forward(_:context:).output`, letting go of each layer's cache and
    /// input as soon as the next layer has run: evaluation holds one layer's activations at a
    /// time instead of all of them (LeNet on 1,000 test images: 19 MB instead of 60).
    public mutating func output(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> Tensor<Scalar> {
        var x = input
        for i in layers.indices { x = try layers[i].forwardErasingCache(x, context: &context).output }
        return x
    }

    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        backward(outputGradient, cache: cache, needsInputGradient: true)
    }

    /// The gradients of every parameter, without dL/dx of the model's input (what training needs).
    @_specialize(where Scalar == Float)
    public func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar> {
        backward(outputGradient, cache: cache, needsInputGradient: false).parameterGradients
    }

    @_specialize(where Scalar == Float)
    private func backward(_ outputGradient: Tensor<Scalar>, cache: Cache, needsInputGradient: Bool)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        var gradient = outputGradient
        var perLayer = [Parameters<Scalar>](repeating: Parameters(), count: layers.count)
        for i in layers.indices.reversed() {
            if i == 0 && !needsInputGradient {
                perLayer[i] = layers[i].parameterGradients(gradient, erasedCache: cache[i])
                break
            }
            let (inputGradient, parameterGradients) = layers[i].backward(gradient, erasedCache: cache[i])
            perLayer[i] = parameterGradients
            gradient = inputGradient
        }
        var all = Parameters<Scalar>()
        for (i, gradients) in perLayer.enumerated() { all = all.merged(with: gradients.prefixed(name(ofLayer: i))) }
        return (needsInputGradient ? gradient : Tensor(zeros: [0]), all)
    }

    /// The layers' multiply-adds, each on the shape the layer before hands it (found by running one
    /// example of zeros through a copy, in evaluation mode); 0 from the first layer that refuses it.
    public func multiplyAdds(exampleShape: [Int]) -> Int {
        var copy = self, x = Tensor<Scalar>(zeros: [1] + exampleShape), total = 0
        var context = ForwardContext.evaluation
        for i in copy.layers.indices {
            total += copy.layers[i].multiplyAdds(exampleShape: Array(x.shape.dropFirst()))
            guard let y = try? copy.layers[i].forwardErasingCache(x, context: &context).output else { break }
            x = y
        }
        return total
    }

    private func gather(_ part: (any Layer<Scalar>) -> Parameters<Scalar>) -> Parameters<Scalar> {
        var all = Parameters<Scalar>()
        for (i, layer) in layers.enumerated() { all = all.merged(with: part(layer).prefixed(name(ofLayer: i))) }
        return all
    }

    private mutating func scatter(_ all: Parameters<Scalar>,
                                  _ assign: (inout any Layer<Scalar>, Parameters<Scalar>) -> Void) {
        for i in layers.indices { assign(&layers[i], all.underPrefix(name(ofLayer: i))) }
    }
}
