import NablaCore

/// How many inputs feed each output of a layer (fan-in) and how many outputs each input feeds
/// (fan-out), read from the shape of its weight exactly as PyTorch's `_calculate_fan_in_and_fan_out`:
///
///     linear weight  [out, in]          fan_in = in,           fan_out = out
///     conv weight    [out, in, kh, kw]  fan_in = in · kh · kw, fan_out = out · kh · kw
///
/// Dimension 1 counts the input maps, dimension 0 the output maps, and every further dimension is
/// the receptive field each of them spans. (A transposed convolution stores `[in, out, kh, kw]`,
/// so PyTorch's rule, followed here, gives it fan_in = out · kh · kw.)
public struct Fans: Equatable, Sendable {
    public let fanIn: Int
    public let fanOut: Int

    public init(fanIn: Int, fanOut: Int) {
        (self.fanIn, self.fanOut) = (fanIn, fanOut)
    }

    /// The fans of a weight of `shape`, which needs at least two dimensions (PyTorch refuses fewer too).
    public init(weightShape shape: [Int]) {
        require(shape.count >= 2, "Fans: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions, got shape \(describe(shape: shape))")
        let receptiveField = shape.dropFirst(2).reduce(1, *)
        self.init(fanIn: shape[1] * receptiveField, fanOut: shape[0] * receptiveField)
    }

    /// The fan a scheme scales by: fan-in keeps the forward signal's variance, fan-out the backward gradient's.
    public func fan(_ mode: FanMode) -> Int {
        switch mode {
        case .fanIn: fanIn
        case .fanOut: fanOut
        }
    }
}

/// Which fan Kaiming initialisation divides by (PyTorch's `mode`).
public enum FanMode: Sendable, Equatable {
    case fanIn, fanOut
}
