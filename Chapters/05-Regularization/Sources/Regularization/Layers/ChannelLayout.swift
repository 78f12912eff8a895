import NablaCore

/// A tensor seen as `[N, C, S]`: N examples, C channels (features), S positions per channel
/// (1 for `[N, C]`, L for `[N, C, L]`, H·W for `[N, C, H, W]`). Batch norm reduces over N and S.
struct ChannelLayout: Equatable {
    let batch: Int, channels: Int, positions: Int

    init(_ shape: [Int]) {
        batch = shape[0]
        channels = shape[1]
        positions = shape.dropFirst(2).reduce(1, *)
    }

    /// Values per channel: N·S.
    var valuesPerChannel: Int { batch * positions }

    /// Σ over n and s of a[n, c, s], for each channel c.
    @_specialize(where Scalar == Float)
    func channelSums<Scalar: Real>(_ a: Tensor<Scalar>) -> [Scalar] {
        var sums = [Scalar](repeating: 0, count: channels)
        a.withUnsafeBufferPointer { a in
            sums.withUnsafeMutableBufferPointer { sums in
                for n in 0..<batch {
                    for c in 0..<channels {
                        let base = (n * channels + c) * positions
                        var total: Scalar = 0
                        for s in 0..<positions { total += a[base + s] }
                        sums[c] += total
                    }
                }
            }
        }
        return sums
    }

    /// Σ over n and s of a[n, c, s] · b[n, c, s], for each channel c.
    @_specialize(where Scalar == Float)
    func channelDotProducts<Scalar: Real>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> [Scalar] {
        var sums = [Scalar](repeating: 0, count: channels)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                sums.withUnsafeMutableBufferPointer { sums in
                    for n in 0..<batch {
                        for c in 0..<channels {
                            let base = (n * channels + c) * positions
                            var total: Scalar = 0
                            for s in 0..<positions { total += a[base + s] * b[base + s] }
                            sums[c] += total
                        }
                    }
                }
            }
        }
        return sums
    }

    /// out[n, c, s] = a[n, c, s] · scale[c] + shift[c]
    @_specialize(where Scalar == Float)
    func scaleChannels<Scalar: Real>(_ a: Tensor<Scalar>, scale: [Scalar], shift: [Scalar]) -> Tensor<Scalar> {
        var out = Tensor<Scalar>(zeros: a.shape)
        a.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { out in
                for n in 0..<batch {
                    for c in 0..<channels {
                        let base = (n * channels + c) * positions
                        let k = scale[c], d = shift[c]
                        for s in 0..<positions { out[base + s] = a[base + s] * k + d }
                    }
                }
            }
        }
        return out
    }

    /// out[n, c, s] = a[n, c, s] · p[c] + b[n, c, s] · q[c] + r[c]
    @_specialize(where Scalar == Float)
    func combineChannels<Scalar: Real>(_ a: Tensor<Scalar>, _ p: [Scalar], _ b: Tensor<Scalar>, _ q: [Scalar],
                                       plus r: [Scalar]) -> Tensor<Scalar> {
        var out = Tensor<Scalar>(zeros: a.shape)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    for n in 0..<batch {
                        for c in 0..<channels {
                            let base = (n * channels + c) * positions
                            let pc = p[c], qc = q[c], rc = r[c]
                            for s in 0..<positions { out[base + s] = a[base + s] * pc + b[base + s] * qc + rc }
                        }
                    }
                }
            }
        }
        return out
    }
}
