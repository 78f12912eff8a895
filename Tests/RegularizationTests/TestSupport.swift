import Foundation
import NablaCore
import NablaTestSupport

/// Per-channel mean and biased variance of `[N, C, ...]`.
func channelStatistics(_ x: Tensor<Double>) -> (mean: [Double], variance: [Double]) {
    let n = x.shape[0], c = x.shape[1], s = x.count / (n * c)
    var mean = [Double](repeating: 0, count: c), variance = mean
    for channel in 0..<c {
        var values: [Double] = []
        for i in 0..<n { for k in 0..<s { values.append(x.scalars[(i * c + channel) * s + k]) } }
        mean[channel] = values.reduce(0, +) / Double(values.count)
        variance[channel] = values.map { ($0 - mean[channel]) * ($0 - mean[channel]) }.reduce(0, +) / Double(values.count)
    }
    return (mean, variance)
}
