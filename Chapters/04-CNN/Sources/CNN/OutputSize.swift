import NablaCore

// How big is a layer's output, and how many parameters does a convolution have? Each formula has a
// function that computes it (and says clearly when a configuration does not work) and one that
// writes the computation out, so a learner can check it by hand.

/// The output size of a convolution along one dimension (height or width):
///
///     output = floor((W − K + 2P) / S) + 1
///
/// W is the input size, K the kernel size, P the zeros added on each side, S the stride. The kernel
/// fits at W − K + 2P + 1 positions of the padded input; the stride keeps every S-th one.
/// Throws, naming `layer` and the numbers, when the output would be empty (the kernel is larger
/// than the padded input).
public func convolutionOutputSize(input: Int, kernel: Int, stride: Int, padding: Int,
                                  layer: String = "conv2d") throws -> Int {
    try checkSizes(input: input, kernel: kernel, stride: stride, padding: padding, layer: layer)
    return try positiveOutputSize(floorDivide(input - kernel + 2 * padding, stride) + 1, layer: layer,
                                  explanation: explainConvolutionOutputSize(input: input, kernel: kernel, stride: stride, padding: padding),
                                  reason: "kernel \(kernel) is larger than the input \(input) padded by \(padding) on each side")
}

/// The computation of `convolutionOutputSize`, written out: `"floor((28 − 5 + 2·2)/1) + 1 = 28"`.
public func explainConvolutionOutputSize(input: Int, kernel: Int, stride: Int, padding: Int) -> String {
    let size = stride > 0 ? String(floorDivide(input - kernel + 2 * padding, stride) + 1) : "undefined"
    return "floor((\(input) − \(kernel) + 2·\(padding))/\(stride)) + 1 = \(size)"
}

/// The output size of a transposed convolution along one dimension:
///
///     output = (W − 1)·S − 2P + K
///
/// It undoes the size change of a convolution with the same K, S, P: each of the W inputs moves
/// S places further along and spreads a kernel of K values; P is cropped from each side.
/// Throws, naming `layer` and the numbers, when the output would be empty.
public func transposedConvolutionOutputSize(input: Int, kernel: Int, stride: Int, padding: Int,
                                            layer: String = "conv_transpose2d") throws -> Int {
    try checkSizes(input: input, kernel: kernel, stride: stride, padding: padding, layer: layer)
    return try positiveOutputSize((input - 1) * stride - 2 * padding + kernel, layer: layer,
                                  explanation: explainTransposedConvolutionOutputSize(input: input, kernel: kernel, stride: stride,
                                                                                      padding: padding),
                                  reason: "padding \(padding) crops more than the \((input - 1) * stride + kernel) values produced")
}

/// The computation of `transposedConvolutionOutputSize`, written out: `"(14 − 1)·2 − 2·1 + 4 = 28"`.
public func explainTransposedConvolutionOutputSize(input: Int, kernel: Int, stride: Int, padding: Int) -> String {
    "(\(input) − 1)·\(stride) − 2·\(padding) + \(kernel) = \((input - 1) * stride - 2 * padding + kernel)"
}

/// The number of trainable values in a convolution layer:
///
///     (C_in·K_h·K_w + 1)·C_out        (without bias: C_in·K_h·K_w·C_out)
///
/// Each of the C_out filters has one weight per input channel and kernel position, plus a bias.
/// It does not depend on the image size: the same filters slide over every position.
public func convolutionParameterCount(inChannels: Int, outChannels: Int, kernel: (height: Int, width: Int),
                                      bias: Bool = true, layer: String = "conv2d") throws -> Int {
    guard inChannels > 0, outChannels > 0, kernel.height > 0, kernel.width > 0 else {
        throw NablaError.invalidConfig(op: layer, message: "channels and kernel sizes must be positive, got in_channels "
                                       + "\(inChannels), out_channels \(outChannels), kernel \(kernel.height)×\(kernel.width)")
    }
    return (inChannels * kernel.height * kernel.width + (bias ? 1 : 0)) * outChannels
}

/// The computation of `convolutionParameterCount`, written out: `"(1·5·5 + 1)·6 = 156"`.
public func explainConvolutionParameterCount(inChannels: Int, outChannels: Int, kernel: (height: Int, width: Int),
                                             bias: Bool = true) -> String {
    let weights = "\(inChannels)·\(kernel.height)·\(kernel.width)"
    let count = (inChannels * kernel.height * kernel.width + (bias ? 1 : 0)) * outChannels
    return bias ? "(\(weights) + 1)·\(outChannels) = \(count)" : "\(weights)·\(outChannels) = \(count)"
}

// MARK: - Pooling and upsampling

/// How many positions a window of `kernel` cells, moved `stride` cells at a time over an input of
/// `input` cells with `padding` cells added on each side, can take (PyTorch's rule, `ceil_mode` off):
///
///     out = ⌊(in + 2·padding − kernel) / stride⌋ + 1
///
/// The window must fit at least once (out ≥ 1), and `padding` may be at most half the kernel
/// (PyTorch's rule: otherwise a window could lie entirely in the padding). `layer` and `axis`
/// ("height", "width") name the error, which spells the formula out with the numbers.
public func poolingOutputSize(input: Int, kernel: Int, stride: Int, padding: Int,
                              layer: String = "pooling", axis: String = "size") throws -> Int {
    guard kernel > 0 else {
        throw NablaError.invalidConfig(op: layer, message: "kernel \(axis) must be positive, got \(kernel)")
    }
    guard stride > 0 else {
        throw NablaError.invalidConfig(op: layer, message: "stride \(axis) must be positive, got \(stride)")
    }
    guard padding >= 0, padding <= kernel / 2 else {
        throw NablaError.invalidConfig(op: layer, message: "padding \(axis) must be between 0 and half the kernel "
                                       + "(\(kernel) / 2 = \(kernel / 2)), got \(padding): a wider padding "
                                       + "would let a window hold padding only")
    }
    let output = floorDivide(input + 2 * padding - kernel, stride) + 1
    guard output >= 1 else {
        throw NablaError.shapeMismatch(layer: layer, message: "input \(axis) \(input) is too small for a kernel of "
                                       + "\(kernel): output \(axis) = "
                                       + explainPoolingOutputSize(input: input, kernel: kernel, stride: stride, padding: padding)
                                       + ", which must be at least 1 (pad the input or use a smaller kernel)")
    }
    return output
}

/// The output-size formula with the numbers filled in: `"⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4"`.
public func explainPoolingOutputSize(input: Int, kernel: Int, stride: Int, padding: Int) -> String {
    let output = stride > 0 ? String(floorDivide(input + 2 * padding - kernel, stride) + 1) : "undefined"
    return "⌊(\(input) + 2·\(padding) − \(kernel)) / \(stride)⌋ + 1 = \(output)"
}

/// Nearest-neighbour upsampling repeats every cell `scale` times: out = in · scale.
/// Both sizes must be positive (PyTorch's rule), so `scale` ≥ 1 and `input` ≥ 1.
public func upsampleOutputSize(input: Int, scale: Int, layer: String = "upsample_nearest2d",
                               axis: String = "size") throws -> Int {
    guard scale >= 1 else {
        throw NablaError.invalidConfig(op: layer, message: "scale_factor \(axis) must be a positive integer, got \(scale)")
    }
    guard input >= 1 else {
        throw NablaError.shapeMismatch(layer: layer, message: "input \(axis) must be at least 1, got \(input): "
                                       + "output \(axis) = \(explainUpsampleOutputSize(input: input, scale: scale))")
    }
    return input * scale
}

/// `"3 · 2 = 6"`.
public func explainUpsampleOutputSize(input: Int, scale: Int) -> String {
    "\(input) · \(scale) = \(input * scale)"
}

/// `size`, or an error naming `layer` that shows the computation (`explanation`) and why it failed.
private func positiveOutputSize(_ size: Int, layer: String, explanation: String, reason: String) throws -> Int {
    guard size > 0 else {
        throw NablaError.shapeMismatch(layer: layer, message: "output size \(explanation) is not positive: \(reason)")
    }
    return size
}

/// The sizes that make no sense whatever the formula: an empty input or kernel, a stride below 1,
/// negative padding.
private func checkSizes(input: Int, kernel: Int, stride: Int, padding: Int, layer: String) throws {
    guard input > 0 else { throw NablaError.shapeMismatch(layer: layer, message: "input size must be positive, got \(input)") }
    guard kernel > 0, stride > 0, padding >= 0 else {
        throw NablaError.invalidConfig(op: layer, message: "kernel size and stride must be positive and padding "
                                       + "not negative, got kernel \(kernel), stride \(stride), padding \(padding)")
    }
}

/// ⌊a / b⌋ for b > 0, also for negative a (Swift's `/` rounds toward zero).
private func floorDivide(_ a: Int, _ b: Int) -> Int {
    let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
    return remainder < 0 ? quotient - 1 : quotient
}
