import NablaCore

/// Which code a convolution layer runs. All give the same values up to rounding.
public enum ConvolutionAlgorithm: Sendable {
    /// The textbook loops of ConvolutionNaive.swift: for reading, and as the reference.
    case naive
    /// The fast code, on the path chosen from the shape (ConvolutionFast.swift).
    case fast
    /// The fast code on the given path, which must support the shape (`.direct` needs stride 1).
    case path(ConvolutionPath)

    var fastPath: ConvolutionPath? { if case .path(let path) = self { path } else { nil } }
}

/// A 2-D convolution layer (strictly, a cross-correlation, as in PyTorch): each output channel
/// slides one filter of C_in × K_h × K_w weights over the zero-padded input and adds a bias.
///
///     y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x[n, c, i·S_h + p − P_h, j·S_w + q − P_w]
///
/// Shapes (NCHW, PyTorch's layouts): x `[N, C_in, H, W]`, weight `[C_out, C_in, K_h, K_w]`, bias
/// `[C_out]`, y `[N, C_out, H_out, W_out]` with H_out = floor((H − K_h + 2P_h)/S_h) + 1 (OutputSize.swift).
public struct Conv2D<Scalar: Real>: ConvolutionLayer {
    public var parameters: Parameters<Scalar>
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)
    /// The code forward and backward run; `.fast` unless set.
    public var algorithm: ConvolutionAlgorithm = .fast

    /// What backward needs: the input and the sizes worked out from it.
    public struct Cache {
        public let input: Tensor<Scalar>
        public let geometry: ConvolutionGeometry
    }

    /// Weight and bias drawn from U(−1/√fan_in, 1/√fan_in), fan_in = C_in·K_h·K_w: PyTorch's default
    /// for `nn.Conv2d`.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: (height: Int, width: Int),
                stride: (height: Int, width: Int) = (1, 1), padding: (height: Int, width: Int) = (0, 0),
                bias: Bool = true, generator: inout RandomGenerator) {
        requireValidConvolution("Conv2D", inputChannels: inputChannels, outputChannels: outputChannels,
                                kernelSize: kernelSize, stride: stride, padding: padding)
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        parameters = uniformConvolutionParameters(weightShape: [outputChannels, inputChannels, kernelSize.height, kernelSize.width],
                                                  biasCount: outputChannels, bias: bias, generator: &generator)
    }

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
        let weight = parameters["weight"], bias = parameters.tensor(named: "bias")
        let y = switch algorithm {
        case .naive: naiveConvolutionForward(input, weight: weight, bias: bias, geometry: g)
        case .fast, .path: fastConvolutionForward(input, weight: weight, bias: bias, geometry: g, path: algorithm.fastPath)
        }
        return (y, Cache(input: input, geometry: g))
    }

    @_specialize(where Scalar == Float)
    public func backward(_ outputGradient: Tensor<Scalar>, cache: Cache)
        -> (inputGradient: Tensor<Scalar>, parameterGradients: Parameters<Scalar>) {
        let g = cache.geometry, weight = parameters["weight"]
        switch algorithm {
        case .naive:
            // dL/dx[n, c, h, w] = Σ_o Σ_p Σ_q w[o, c, p, q] · dy[n, o, i, j]   where i·S_h + p − P_h = h, j·S_w + q − P_w = w
            let dx = naiveConvolutionInputGradient(outputGradient, weight: weight, geometry: g)
            return (dx, parameterGradients(outputGradient, cache: cache))
        case .fast, .path:
            // The same three gradients, in one sweep over the batch.
            let (dx, dw, db) = fastConvolutionBackward(outputGradient, input: cache.input, weight: weight, bias: hasBias,
                                                       geometry: g, path: algorithm.fastPath)
            return (dx!, Self.gradients(weight: dw, bias: db))
        }
    }

    @_specialize(where Scalar == Float)
    public func parameterGradients(_ outputGradient: Tensor<Scalar>, cache: Cache) -> Parameters<Scalar> {
        let g = cache.geometry
        // dL/dw[o, c, p, q] = Σ_n Σ_i Σ_j dy[n, o, i, j] · x[n, c, i·S_h + p − P_h, j·S_w + q − P_w];  dL/db[o] = Σ_n Σ_i Σ_j dy[n, o, i, j]
        let (dw, db): (Tensor<Scalar>, Tensor<Scalar>?) = switch algorithm {
        case .naive: (naiveConvolutionWeightGradient(outputGradient, input: cache.input, geometry: g),
                      hasBias ? naiveConvolutionBiasGradient(outputGradient) : nil)
        case .fast, .path: fastConvolutionParameterGradients(outputGradient, input: cache.input, bias: hasBias, geometry: g,
                                                             path: algorithm.fastPath)
        }
        return Self.gradients(weight: dw, bias: db)
    }

    private static func gradients(weight: Tensor<Scalar>, bias: Tensor<Scalar>?) -> Parameters<Scalar> {
        var gradients = Parameters<Scalar>()
        gradients.append("weight", weight)
        if let bias { gradients.append("bias", bias) }
        return gradients
    }
}
