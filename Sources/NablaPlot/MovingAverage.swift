/// The trailing moving average of `values`: element i is the mean of the finite values among
/// `values[i − window + 1 … i]` (fewer at the start, where the window is not yet full), or NaN
/// when there are none. One result per value, so it lines up with the same x as `values`.
/// NaN and ∞ are skipped rather than spread over the window; a window below 1 is taken as 1.
///
/// Used to draw a noisy per-step training loss: TensorBoard smooths with an exponential average
/// instead, which weighs recent steps more but never forgets the first ones.
public func movingAverage(_ values: [Double], window: Int) -> [Double] {
    let window = max(window, 1)
    return values.indices.map { index in
        let recent = values[max(0, index - window + 1)...index].filter(\.isFinite)
        guard !recent.isEmpty else { return .nan }
        return recent.reduce(0, +) / Double(recent.count)
    }
}
