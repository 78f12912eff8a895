extension Tensor {
    /// Whether every element is finite: no NaN, no +∞ or −∞.
    ///
    /// 0·x is 0 for every finite x and NaN for NaN or ±∞, so Σ 0·x is 0 exactly when every element
    /// is finite. Summed in 16 lanes at a time, the check runs at the speed of reading memory: a
    /// training loop can afford it on every gradient of every step.
    @inlinable
    public var isFinite: Bool {
        withUnsafeBufferPointer { values in
            guard let base = values.baseAddress else { return true }
            // four sums, so that each addition need not wait for the one before it
            var lanes = SIMD16<Scalar>(), lanes1 = SIMD16<Scalar>(), lanes2 = SIMD16<Scalar>(), lanes3 = SIMD16<Scalar>()
            var i = 0
            while i + 64 <= values.count {
                let row = UnsafeRawPointer(base + i)
                lanes += row.loadUnaligned(as: SIMD16<Scalar>.self) * 0
                lanes1 += row.loadUnaligned(fromByteOffset: 16 * MemoryLayout<Scalar>.stride, as: SIMD16<Scalar>.self) * 0
                lanes2 += row.loadUnaligned(fromByteOffset: 32 * MemoryLayout<Scalar>.stride, as: SIMD16<Scalar>.self) * 0
                lanes3 += row.loadUnaligned(fromByteOffset: 48 * MemoryLayout<Scalar>.stride, as: SIMD16<Scalar>.self) * 0
                i += 64
            }
            lanes += lanes1 + lanes2 + lanes3
            while i + 16 <= values.count {
                lanes += UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<Scalar>.self) * 0
                i += 16
            }
            var tail: Scalar = 0
            while i < values.count {
                tail += values[i] * 0
                i += 1
            }
            return lanes.sum() + tail == 0
        }
    }
}
