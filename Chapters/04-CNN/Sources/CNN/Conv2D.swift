import NablaCore

/// A 2-D convolution layer (strictly, a cross-correlation, as in PyTorch): each output channel
/// slides one filter of C_in × K_h × K_w weights over the zero-padded input and adds a bias.
///
/// Forward:
///
///     y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x[n, c, i·S_h + p − P_h, j·S_w + q − P_w]
///
/// Backward (every product w · x sends dy to both factors, and the sums run over every use):
///
///     dL/dx[n, c, h, w] = Σ_o Σ_p Σ_q w[o, c, p, q] · dy[n, o, i, j]    over i·S_h + p − P_h = h, j·S_w + q − P_w = w
///     dL/dw[o, c, p, q] = Σ_n Σ_i Σ_j dy[n, o, i, j] · x[n, c, i·S_h + p − P_h, j·S_w + q − P_w]
///     dL/db[o]          = Σ_n Σ_i Σ_j dy[n, o, i, j]
///
/// Shapes (NCHW, PyTorch's layouts): x `[N, C_in, H, W]`, weight `[C_out, C_in, K_h, K_w]`, bias
/// `[C_out]`, y `[N, C_out, H_out, W_out]` with H_out = floor((H − K_h + 2P_h)/S_h) + 1 (OutputSize.swift).
/// The formulas are the loops of ConvolutionNaive.swift; `algorithm` chooses them or the fast code
/// (Fast/), which computes the same numbers.
public struct Conv2D<Scalar: Real>: ConvolutionLayer {
    public var parameters: Parameters<Scalar>
    public let sizes: ConvolutionSizes
    /// The code forward and backward run; `.fast` unless set.
    public var algorithm: ConvolutionAlgorithm = .fast

    public typealias Cache = ConvolutionCache<Scalar>

    /// PyTorch's layout of `nn.Conv2d`'s weight: `[C_out, C_in, K_h, K_w]`, so fan_in = C_in·K_h·K_w.
    public static func weightShape(_ sizes: ConvolutionSizes) -> [Int] {
        [sizes.outputChannels, sizes.inputChannels, sizes.kernelSize.height, sizes.kernelSize.width]
    }

    public init(sizes: ConvolutionSizes, parameters: Parameters<Scalar>) { (self.sizes, self.parameters) = (sizes, parameters) }

    /// The sizes of this layer applied to an input of `shape`; throws, naming both shapes, when the
    /// input is not NCHW with C_in channels or too small for the kernel.
    public func geometry(forInput shape: [Int]) throws -> ConvolutionGeometry {
        let weightShape = [outputChannels, inputChannels, kernelSize.height, kernelSize.width]
        try checkShape(shape.count == 4 && shape[1] == inputChannels, layer: "conv2d",
                       "input \(describe(shape: shape)) does not fit weight \(describe(shape: weightShape)): expected "
                       + "[N, \(inputChannels), H, W] (NCHW with in_channels = \(inputChannels))")
        return try ConvolutionGeometry(batch: shape[0], inputChannels: inputChannels, outputChannels: outputChannels,
                                       input: (shape[2], shape[3]), kernel: kernelSize, stride: stride, padding: padding,
                                       layer: "conv2d")
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Cache) {
        let g = try geometry(forInput: input.shape)
        // y = b + Σ w · x
        let y = algorithm.forward(input, weight: parameters["weight"], bias: parameters.tensor(named: "bias"), geometry: g)
        return (y, Cache(input: input, geometry: g))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        // dL/dx = Σ w · dy,  dL/dw = Σ dy · x,  dL/db = Σ dy
        let (dx, dw, db) = algorithm.backward(outputGradient, input: cache.input, weight: parameters["weight"], bias: hasBias,
                                              geometry: cache.geometry)
        return (dx, Self.gradients(weight: dw, bias: db))
    }

    @_specialize(where Scalar == Float)
    public func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar> {
        // dL/dw = Σ dy · x,  dL/db = Σ dy
        let (dw, db) = algorithm.parameterGradients(outputGradient, input: cache.input, bias: hasBias, geometry: cache.geometry)
        return Self.gradients(weight: dw, bias: db)
    }

    private static func gradients(weight: Tensor<Scalar>, bias: Tensor<Scalar>?) -> Parameters<Scalar> {
        var gradients = Parameters<Scalar>()
        gradients.append("weight", weight)
        if let bias { gradients.append("bias", bias) }
        return gradients
    }
}
