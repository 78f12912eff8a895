import NablaCore

/// How many different units a layer has: its rows of `weight` `[units, fan_in]`, each with its
/// bias, compared exactly.
///
/// Under a constant initialisation every unit of a layer starts equal, so every unit computes the
/// same output and receives the same gradient, and gradient descent keeps them equal: the count
/// stays 1, and the layer is as good as one unit wide. A random initialisation gives `units`.
/// (Equal is exact here: the matrix products sum every element in the same order, so equal rows
/// give equal bits.)
public func distinctUnitCount<Scalar: Real>(weight: Tensor<Scalar>, bias: Tensor<Scalar>) -> Int {
    require(weight.rank == 2 && bias.shape == [weight.shape[0]],
            "distinctUnitCount: needs weight [units, fan_in] and bias [units], got \(describe(shape: weight.shape)) and \(describe(shape: bias.shape))")
    let units = weight.shape[0], fanIn = weight.shape[1]
    var representatives: [Int] = []
    weight.withUnsafeBufferPointer { w in
        bias.withUnsafeBufferPointer { b in
            func same(_ i: Int, _ j: Int) -> Bool {
                guard b[i] == b[j] else { return false }
                for k in 0..<fanIn where w[i * fanIn + k] != w[j * fanIn + k] { return false }
                return true
            }
            for unit in 0..<units where !representatives.contains(where: { same($0, unit) }) {
                representatives.append(unit)
            }
        }
    }
    return representatives.count
}
