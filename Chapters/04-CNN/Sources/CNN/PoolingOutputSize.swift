import NablaCore

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

/// ⌊a / b⌋ for b > 0. Swift's `/` rounds toward zero, which is wrong for a negative `a`:
/// −1 / 2 is 0, but ⌊−1/2⌋ = −1.
private func floorDivide(_ a: Int, _ b: Int) -> Int {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
}
