import Foundation

/// The ticks of one axis and the range it shows, as every chart here chooses them: `lower` and
/// `upper` are ticks themselves, so the data sits inside labelled bounds.
///
/// ```swift
/// AxisTicks.linear(from: 0, to: 0.93).labels       // ["0", "0.2", "0.4", "0.6", "0.8", "1"]
/// AxisTicks.logarithmic(from: 3e-6, to: 2).labels  // ["1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1", "1", "10"]
/// ```
public struct AxisTicks: Sendable {
    /// The first tick: the smallest value the axis shows.
    public var lower: Double
    /// The last tick: the largest value the axis shows.
    public var upper: Double
    /// Where the ticks are, in increasing order.
    public var values: [Double]
    /// The text of each tick (see `tickLabels`).
    public var labels: [String]
    /// Whether the axis is logarithmic (values spaced by their logarithm).
    public var logarithmic: Bool

    /// "Nice" ticks on a linear axis covering `minimum…maximum`: multiples of 1, 2 or 5 × 10^k,
    /// about `targetCount` of them. An empty range (one value) is widened by 10% of the value
    /// (by 1 around zero); bounds that are not finite give 0…1. `integers` keeps steps ≥ 1 (counts).
    public static func linear(from minimum: Double, to maximum: Double, targetCount: Int = 6, integers: Bool = false) -> AxisTicks {
        guard minimum.isFinite, maximum.isFinite else { return linear(from: 0, to: 1, integers: integers) }
        var (low, high) = (min(minimum, maximum), max(minimum, maximum))
        if high - low <= abs(high) * 1e-12 || !(high / 2 - low / 2).isNormal {
            let padding = max(abs(low) * 0.1, integers ? 1 : 0, abs(low) < 1e-300 ? 1 : 0)
            (low, high) = (low - padding, high + padding)
        }
        let halfSpan = high / 2 - low / 2
        var step = niceStep(halfSpan / (Double(max(targetCount, 2) - 1) / 2))
        if integers { step = max(step, 1) }
        let first = floor(low / step), last = ceil(high / step)
        guard step.isNormal, abs(first) < 1e15, abs(last) < 1e15 else { return linear(from: 0, to: 1, integers: integers) }
        let values = (Int(first)...Int(last)).map { min(max(Double($0) * step, -.greatestFiniteMagnitude), .greatestFiniteMagnitude) }
        return AxisTicks(lower: values.first!, upper: values.last!, values: values,
                     labels: tickLabels(values, step: step), logarithmic: false)
    }

    /// AxisTicks on a log axis covering `minimum…maximum` (both > 0): powers of ten, every decade up to
    /// eight of them, then every second or third; 2 and 5 × 10^k as well when the data spans at most
    /// two decades. One value is shown with a decade each side; bounds that are not positive and
    /// finite give 1…10.
    public static func logarithmic(from minimum: Double, to maximum: Double) -> AxisTicks {
        guard minimum > 0, maximum > 0, minimum.isFinite, maximum.isFinite else { return logarithmic(from: 1, to: 10) }
        var low = snappedFloor(log10(min(minimum, maximum))), high = snappedCeiling(log10(max(minimum, maximum)))
        if low == high { (low, high) = (low - 1, high + 1) }
        (low, high) = (max(low, -300), min(high, 300))
        let decades = Int(high - low)
        let every = max(1, (decades + 7) / 8)
        var values: [Double] = []
        for exponent in stride(from: Int(low), through: Int(high), by: every) {
            let power = pow(10, Double(exponent))
            values.append(power)
            if decades <= 2 && exponent < Int(high) { values += [2 * power, 5 * power] }
        }
        return AxisTicks(lower: values.first!, upper: values.last!, values: values,
                     labels: values.map { tickLabel($0, step: $0) }, logarithmic: true)
    }
}

/// The nice number (1, 2, 5 or 10 × 10^k) nearest to `rough`.
func niceStep(_ rough: Double) -> Double {
    guard rough.isFinite, rough > 0 else { return 1 }
    let power = pow(10, floor(log10(rough)))
    let fraction = rough / power
    let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    return nice * power
}

/// floor and ceiling that treat a logarithm within 1e-9 of a whole number as that number, so that
/// log10(1e-3) = −2.9999999999999996 is the decade −3.
private func snappedFloor(_ value: Double) -> Double {
    abs(value - value.rounded()) < 1e-9 ? value.rounded() : floor(value)
}

private func snappedCeiling(_ value: Double) -> Double {
    abs(value - value.rounded()) < 1e-9 ? value.rounded() : ceil(value)
}

/// Where a value of an axis goes on the page: `start` is the pixel of `ticks.lower`, `end` that of
/// `ticks.upper` (for a y axis, start is the bottom).
struct AxisScale {
    var ticks: AxisTicks
    var start: Double
    var end: Double

    func position(_ value: Double) -> Double {
        let fraction: Double
        if ticks.logarithmic {
            fraction = (log10(value) - log10(ticks.lower)) / (log10(ticks.upper) - log10(ticks.lower))
        } else {
            fraction = (value / 2 - ticks.lower / 2) / (ticks.upper / 2 - ticks.lower / 2)
        }
        return start + (end - start) * fraction
    }
}
