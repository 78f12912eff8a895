import Foundation

/// The labels of ticks at `values`, `step` apart, with as many digits as the step needs and no
/// more: `0.3` (never `0.30000000000000004`), `1.5k`, `12k`, `2M`. When every tick is below 0.01
/// they are powers of ten: `1e-3`, `2.5e-4`. Zero is `0`; a value that is not finite is empty.
public func tickLabels(_ values: [Double], step: Double) -> [String] {
    let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
    let scientific = largest < 0.01 || largest >= 1e15
    return values.map { tickLabel($0, step: step, scientific: scientific) }
}

/// The label of one tick (see `tickLabels`); a log axis labels each tick alone, its step its value.
func tickLabel(_ value: Double, step: Double) -> String {
    tickLabels([value], step: step)[0]
}

private func tickLabel(_ value: Double, step: Double, scientific: Bool) -> String {
    guard value.isFinite else { return "" }
    let step = step.isFinite && step > 0 ? step : abs(value)
    if value == 0 || abs(value) < step * 1e-9 { return "0" }
    if scientific { return powerOfTen(value, digits: decimalExponent(value) - decimalExponent(step)) }
    for (unit, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where abs(value) >= unit {
        return fixed(value / unit, decimals: decimals(forStep: step / unit)) + suffix
    }
    return fixed(value, decimals: decimals(forStep: step))
}

/// `value` with about `significantDigits` digits, for labels printed beside data (bar values,
/// percentages): `0.983`, `12.3`, `1.23k`, `4.2e-5`; not-finite values as words (`NaN`, `∞`).
func shortNumber(_ value: Double, significantDigits: Int = 3) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if value == 0 { return "0" }
    let step = pow(10, Double(decimalExponent(value) - significantDigits + 1))
    return tickLabel(value, step: step)
}

/// The power of ten of a number's leading digit: 3 for 1234, −4 for 0.00025 (0 for 0, NaN and ∞).
func decimalExponent(_ value: Double) -> Int {
    guard value.isFinite, value != 0 else { return 0 }
    return Int(floor(log10(abs(value)) + 1e-9))
}

/// How many decimals show every multiple of `step` exactly: 0 for 5, 1 for 0.2, 2 for 0.05.
func decimals(forStep step: Double) -> Int {
    max(0, min(15, -decimalExponent(step)))
}

/// `value` with `decimals` decimals, trailing zeros and a lone point removed, never `-0`.
func fixed(_ value: Double, decimals: Int) -> String {
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
}

/// `value` as mantissa and power of ten, the mantissa with `digits` decimals: `1e-3`, `2.5e-4`.
func powerOfTen(_ value: Double, digits: Int) -> String {
    var exponent = decimalExponent(value)
    var mantissa = fixed(value / pow(10, Double(exponent)), decimals: max(0, min(15, digits)))
    if mantissa == "10" || mantissa == "-10" {
        exponent += 1
        mantissa = mantissa.hasPrefix("-") ? "-1" : "1"
    }
    return "\(mantissa)e\(exponent)"
}

/// A coordinate or length in SVG: rounded to a tenth of a pixel, `12` rather than `12.0`. Values
/// that are not finite become 0 and huge ones are clamped, so the SVG never holds "nan" or "inf".
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let tenths = (min(max(value, -1e7), 1e7) * 10).rounded()
    let whole = Int(tenths) / 10, remainder = abs(Int(tenths)) % 10
    if remainder == 0 { return "\(whole)" }
    return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(remainder)"
}

/// A whole number with its thousands grouped: `10,000` (parameter counts, image counts).
public func grouped(_ number: Int) -> String {
    let digits = String(number.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
        result.append(digit)
    }
    return (number < 0 ? "-" : "") + result
}

/// Values printed beside one another (over bars), all with the same number of decimals: three
/// significant digits of the largest (`99.1`, `99.0`, `0.5`); powers of ten or k, M, G when the
/// largest is below 0.01 or from 10,000 on (see `tickLabels`).
func sameDecimals(_ values: [Double]) -> [String] {
    let largest = values.filter(\.isFinite).map(abs).max() ?? 0
    guard largest >= 0.01 && largest < 10_000 else { return values.map { shortNumber($0) } }
    let decimals = max(0, 2 - decimalExponent(largest))
    return values.map { $0.isFinite ? String(format: "%.\(decimals)f", $0) : shortNumber($0) }
}

/// A fraction 0…1 as a percentage with one decimal: `97.3%`.
func percent(_ fraction: Double) -> String {
    fraction.isFinite ? String(format: "%.1f%%", 100 * fraction) : "–"
}
