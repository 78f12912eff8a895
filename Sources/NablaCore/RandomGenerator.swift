/// A seeded pseudo-random generator that gives the same stream on every platform.
///
/// Algorithm: xoshiro256** (Blackman and Vigna, 2018), its 256-bit state filled from the seed by
/// SplitMix64, as the authors recommend. On top of the 64-bit stream:
/// - `uniform()`: the top 53 bits scaled to [0, 1);
/// - `int(below:)`: Lemire's multiply-and-reject method, so no value is favoured;
/// - `normal()`: Marsaglia's polar method with a logarithm written here in plain arithmetic
///   (`naturalLog`), because the C library's `log` may differ in the last bit between platforms;
/// - `shuffle(_:)`: Fisher–Yates from the last element down.
/// The standard library's `shuffle(using:)` is not used: its algorithm may change between versions.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)
    @usableFromInline var spareNormal: Double?

    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    @inlinable
    func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The generator's whole state as text (four 64-bit words and any normal value it holds back,
    /// in hexadecimal): what a checkpoint keeps so a resumed run draws the same numbers.
    public var savedState: String {
        let words = [state.0, state.1, state.2, state.3] + (spareNormal.map { [$0.bitPattern] } ?? [])
        return words.map { String($0, radix: 16) }.joined(separator: " ")
    }

    /// The generator whose `savedState` was `text`; nil when `text` is not one.
    public init?(savedState text: String) {
        let words = text.split(separator: " ").compactMap { UInt64($0, radix: 16) }
        guard words.count == text.split(separator: " ").count, words.count == 4 || words.count == 5,
              words[0...3].contains(where: { $0 != 0 }) else { return nil }
        self.init(seed: 0)
        state = (words[0], words[1], words[2], words[3])
        spareNormal = words.count == 5 ? Double(bitPattern: words[4]) : nil
    }

    /// A uniform value in [0, 1).
    @inlinable
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform value in [low, high).
    @inlinable
    public mutating func uniform<Scalar: Real>(_ low: Scalar, _ high: Scalar) -> Scalar {
        low + (high - low) * Scalar(uniform())
    }

    /// A uniform integer in 0..<n, without bias.
    @inlinable
    public mutating func int(below n: Int) -> Int {
        require(n > 0, "RandomGenerator.int(below:): n must be positive, got \(n)")
        let bound = UInt64(n)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// A standard normal value (mean 0, standard deviation 1).
    @inlinable
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            // factor = sqrt(-2 ln s / s): both u·factor and v·factor are independent N(0, 1).
            let factor = (-2 * naturalLog(s) / s).squareRoot()
            spareNormal = v * factor
            return u * factor
        }
    }

    /// A normal value with the given mean and standard deviation.
    @inlinable
    public mutating func normal<Scalar: Real>(mean: Scalar, standardDeviation: Scalar) -> Scalar {
        mean + standardDeviation * Scalar(normal())
    }

    /// Shuffles `array` in place (Fisher–Yates).
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// A random ordering of 0..<n.
    @inlinable
    public mutating func permutation(_ n: Int) -> [Int] {
        var indices = Array(0..<n)
        shuffle(&indices)
        return indices
    }
}

/// ln(x) for x > 0 from + − × ÷ only, so it gives the same bits on every platform.
/// Write x = m · 2^e with m in [√½, √2); then ln x = e · ln 2 + 2 · atanh(t), t = (m − 1)/(m + 1),
/// and atanh(t) = t + t³/3 + t⁵/5 + …, which converges fast because |t| ≤ 0.172.
@inlinable
public func naturalLog(_ x: Double) -> Double {
    require(x > 0 && x.isFinite, "naturalLog: needs a positive finite value, got \(x)")
    var exponent = Double(x.exponent)
    var m = x.significand  // in [1, 2)
    if m > 1.4142135623730951 {
        m /= 2
        exponent += 1
    }
    let t = (m - 1) / (m + 1), t2 = t * t
    var series = 0.0
    for k in stride(from: 27, through: 3, by: -2) { series = (series + 1 / Double(k)) * t2 }
    return exponent * 0.6931471805599453 + 2 * t * (1 + series)
}

extension Tensor {
    /// Elements drawn uniformly from [low, high).
    @inlinable
    public static func uniform(shape: [Int], low: Scalar, high: Scalar,
                               generator: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.uniform(low, high) })
    }

    /// Elements drawn from a normal distribution.
    @inlinable
    public static func normal(shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1,
                              generator: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
            generator.normal(mean: mean, standardDeviation: standardDeviation)
        })
    }
}
