import NablaCore

/// A transposed convolution ("deconvolution"): it maps a convolution's output size back to its
/// input size. Each input value spreads a K_h × K_w stamp of weights onto the output, S places apart:
///
///     y[n, o, i·S_h + p − P_h, j·S_w + q − P_w] += Σ_c x[n, c, i, j] · w[c, o, p, q]     (then + b[o])
///
/// which is exactly how dL/dx of a convolution is formed from dL/dy. So this layer is built from the
/// convolution's pieces: its forward is the input gradient of the convolution with the same weight,
/// its backward is that convolution's forward (for dL/dx) and weight gradient (for dL/dw):
///
///     dL/dx[n, c, i, j] = Σ_o Σ_p Σ_q w[c, o, p, q] · dy[n, o, i·S_h + p − P_h, j·S_w + q − P_w]
///     dL/dw[c, o, p, q] = Σ_n Σ_i Σ_j x[n, c, i, j] · dy[n, o, i·S_h + p − P_h, j·S_w + q − P_w]
///     dL/db[o]          = Σ_n Σ_h Σ_w dy[n, o, h, w]
///
/// Shapes (PyTorch's): x `[N, C_in, H, W]`, weight `[C_in, C_out, K_h, K_w]`, bias `[C_out]`, y
/// `[N, C_out, H_out, W_out]` with H_out = (H − 1)·S_h − 2P_h + K_h. No output_padding.
public struct ConvTranspose2D<Scalar: Real>: ConvolutionLayer {
    public var parameters: Parameters<Scalar>
    public let sizes: ConvolutionSizes
    public var algorithm: ConvolutionAlgorithm = .fast

    /// The cache's geometry is the convolution this layer transposes: from its output back to its input.
    public typealias Cache = ConvolutionCache<Scalar>

    /// PyTorch's layout of `nn.ConvTranspose2d`'s weight: `[C_in, C_out, K_h, K_w]`, so its fan_in,
    /// weight.size(1)·K_h·K_w, is C_out·K_h·K_w.
    public static func weightShape(_ sizes: ConvolutionSizes) -> [Int] {
        [sizes.inputChannels, sizes.outputChannels, sizes.kernelSize.height, sizes.kernelSize.width]
    }

    public init(sizes: ConvolutionSizes, parameters: Parameters<Scalar>) { (self.sizes, self.parameters) = (sizes, parameters) }

    /// The convolution this layer transposes, for an input of `shape`: its input has this layer's
    /// output size and C_out channels, its output is this layer's input. Throws, naming both shapes,
    /// when the input is not NCHW with C_in channels or the output would be empty.
    public func geometry(forInput shape: [Int]) throws -> ConvolutionGeometry {
        let layer = "conv_transpose2d"
        let weightShape = [inputChannels, outputChannels, kernelSize.height, kernelSize.width]
        try checkShape(shape.count == 4 && shape[1] == inputChannels, layer: layer,
                       "input \(describe(shape: shape)) does not fit weight \(describe(shape: weightShape)): expected "
                       + "[N, \(inputChannels), H, W] (NCHW with in_channels = \(inputChannels))")
        let height = try transposedConvolutionOutputSize(input: shape[2], kernel: kernelSize.height, stride: stride.height,
                                                         padding: padding.height, layer: layer)
        let width = try transposedConvolutionOutputSize(input: shape[3], kernel: kernelSize.width, stride: stride.width,
                                                        padding: padding.width, layer: layer)
        let g = try ConvolutionGeometry(batch: shape[0], inputChannels: outputChannels, outputChannels: inputChannels,
                                        input: (height, width), kernel: kernelSize, stride: stride, padding: padding, layer: layer)
        // floor(((H − 1)·S − 2P + K − K + 2P)/S) + 1 = H: the convolution maps the output back onto the input.
        require(g.output == (shape[2], shape[3]), "\(layer): output size \(height)×\(width) does not map back to \(shape[2])×\(shape[3])")
        return g
    }

    @_specialize(where Scalar == Float)
    public func forward(_ input: Tensor<Scalar>, context: inout ForwardContext) throws -> (output: Tensor<Scalar>, cache: Cache) {
        let g = try geometry(forInput: input.shape)
        let weight = parameters["weight"]
        // y = (dL/dx of the convolution g at dL/dy = x) + b
        var y = algorithm.inputGradient(input, weight: weight, geometry: g)
        if let bias = parameters.tensor(named: "bias") { addToChannels(&y, bias) }
        return (y, Cache(input: input, geometry: g))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        let g = cache.geometry, weight = parameters["weight"]
        // dL/dx = the convolution g applied to dL/dy (no bias)
        let dx = algorithm.forward(outputGradient, weight: weight, bias: nil, geometry: g)
        return (dx, parameterGradients(outputGradient, cache: cache))
    }

    @_specialize(where Scalar == Float)
    public func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar> {
        let g = cache.geometry
        // dL/dw: the convolution's weight gradient, with dL/dy in the place of its input and x in the place of its dL/dy
        let dw = algorithm.parameterGradients(cache.input, input: outputGradient, bias: false, geometry: g).weight
        var gradients = Parameters<Scalar>()
        gradients.append("weight", dw)
        // dL/db[o] = Σ_n Σ_h Σ_w dy[n, o, h, w]
        if hasBias { gradients.append("bias", naiveConvolutionBiasGradient(outputGradient)) }
        return gradients
    }
}

/// y[n, o, h, w] += b[o].
private func addToChannels<Scalar: Real>(_ y: inout Tensor<Scalar>, _ bias: Tensor<Scalar>) {
    let (batch, channels, positions) = (y.shape[0], y.shape[1], y.shape[2] * y.shape[3])
    bias.withUnsafeBufferPointer { b in
        y.withUnsafeMutableBufferPointer { y in
            for n in 0..<batch {
                for o in 0..<channels {
                    for f in 0..<positions { y[(n * channels + o) * positions + f] += b[o] }
                }
            }
        }
    }
}
