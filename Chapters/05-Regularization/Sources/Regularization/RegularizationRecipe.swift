/// The regularisers of chapter 5's model, each of which the ablation study removes in turn.
public struct RegularizationRecipe: Sendable, Equatable {
    /// Dropout probability after every hidden ReLU; 0 for none.
    public var dropout = 0.3
    /// BatchNorm1D after every hidden linear layer.
    public var batchNorm = true
    /// L2 penalty λ (as SGD's weight_decay, which is the same thing for SGD); 0 for none.
    public var weightDecay = 5e-4
    /// L1 penalty λ; 0 for none.
    public var l1 = 0.0
    /// Random shifts of up to this many pixels; 0 for no augmentation.
    public var maximumShift = 2
    /// Stop after this many epochs without a better validation accuracy and keep the best
    /// weights; nil trains every epoch and keeps the last weights.
    public var earlyStoppingPatience: Int? = 15

    public init() {}

    /// Nothing at all: the plain perceptron of chapter 3.
    public static var none: RegularizationRecipe {
        var recipe = RegularizationRecipe()
        recipe.dropout = 0
        recipe.batchNorm = false
        recipe.weightDecay = 0
        recipe.maximumShift = 0
        recipe.earlyStoppingPatience = nil
        return recipe
    }

    /// `dropout 0.3, batch norm, L2 0.0005, shifts ±2 px, early stopping (patience 15)`.
    public var summary: String {
        var parts: [String] = []
        if dropout > 0 { parts.append("dropout \(dropout)") }
        if batchNorm { parts.append("batch norm") }
        if weightDecay > 0 { parts.append("L2 \(weightDecay)") }
        if l1 > 0 { parts.append("L1 \(l1)") }
        if maximumShift > 0 { parts.append("shifts ±\(maximumShift) px") }
        if let patience = earlyStoppingPatience { parts.append("early stopping (patience \(patience))") }
        return parts.isEmpty ? "no regularisation" : parts.joined(separator: ", ")
    }
}
