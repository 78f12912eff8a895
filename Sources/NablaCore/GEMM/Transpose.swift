// Transposes in registers, for packing a factor that runs along the depth. They work on 16-float
// vectors (AVX-512) and are only called when `lanes == 16`.

/// [x₀ x₂ … x₁₄ y₀ y₂ … y₁₄]: the even lanes of x, then those of y. One two-source shuffle.
@inline(__always)
private func even(_ x: Vector, _ y: Vector) -> Vector { Vector(lowHalf: x.evenHalf, highHalf: y.evenHalf) }

/// [x₁ x₃ … x₁₅ y₁ y₃ … y₁₅]: the odd lanes of x, then those of y.
@inline(__always)
private func odd(_ x: Vector, _ y: Vector) -> Vector { Vector(lowHalf: x.oddHalf, highHalf: y.oddHalf) }

/// target[c * targetStride + r] = source[r * sourceStride + c] for a 16 × 16 block.
///
/// Element (r, c) has the 8-bit address r₃r₂r₁r₀c₃c₂c₁c₀. Each round builds row c₀r₃r₂r₁ from the
/// even (c₀ = 0) or odd (c₀ = 1) lanes of rows 2i and 2i + 1, which rotates every address right by one
/// bit; four rounds give c₃c₂c₁c₀r₃r₂r₁r₀, the transpose. Each new row is one two-source shuffle.
@inline(__always)
func transpose16x16(_ source: UnsafePointer<Float>, _ sourceStride: Int,
                     to target: UnsafeMutablePointer<Float>, _ targetStride: Int) {
    var v0 = loadVector(source), v1 = loadVector(source + sourceStride)
    var v2 = loadVector(source + 2 * sourceStride), v3 = loadVector(source + 3 * sourceStride)
    var v4 = loadVector(source + 4 * sourceStride), v5 = loadVector(source + 5 * sourceStride)
    var v6 = loadVector(source + 6 * sourceStride), v7 = loadVector(source + 7 * sourceStride)
    var v8 = loadVector(source + 8 * sourceStride), v9 = loadVector(source + 9 * sourceStride)
    var v10 = loadVector(source + 10 * sourceStride), v11 = loadVector(source + 11 * sourceStride)
    var v12 = loadVector(source + 12 * sourceStride), v13 = loadVector(source + 13 * sourceStride)
    var v14 = loadVector(source + 14 * sourceStride), v15 = loadVector(source + 15 * sourceStride)
    for _ in 0..<4 {
        (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15) =
            (even(v0, v1), even(v2, v3), even(v4, v5), even(v6, v7),
             even(v8, v9), even(v10, v11), even(v12, v13), even(v14, v15),
             odd(v0, v1), odd(v2, v3), odd(v4, v5), odd(v6, v7),
             odd(v8, v9), odd(v10, v11), odd(v12, v13), odd(v14, v15))
    }
    storeVector(v0, target); storeVector(v1, target + targetStride)
    storeVector(v2, target + 2 * targetStride); storeVector(v3, target + 3 * targetStride)
    storeVector(v4, target + 4 * targetStride); storeVector(v5, target + 5 * targetStride)
    storeVector(v6, target + 6 * targetStride); storeVector(v7, target + 7 * targetStride)
    storeVector(v8, target + 8 * targetStride); storeVector(v9, target + 9 * targetStride)
    storeVector(v10, target + 10 * targetStride); storeVector(v11, target + 11 * targetStride)
    storeVector(v12, target + 12 * targetStride); storeVector(v13, target + 13 * targetStride)
    storeVector(v14, target + 14 * targetStride); storeVector(v15, target + 15 * targetStride)
}

/// The 8 × 16 block source[r * sourceStride + c] into the 16 × 8 panel target[c * 8 + r], by the
/// rounds of `transpose16x16`: on the 7-bit address r₂r₁r₀c₃c₂c₁c₀ four right rotations leave
/// c₃c₂c₁c₀r₂r₁r₀, so the eight vectors, one after the other, are the panel.
@inline(__always)
func transpose8x16(_ source: UnsafePointer<Float>, _ sourceStride: Int, to target: UnsafeMutablePointer<Float>) {
    var v0 = loadVector(source), v1 = loadVector(source + sourceStride)
    var v2 = loadVector(source + 2 * sourceStride), v3 = loadVector(source + 3 * sourceStride)
    var v4 = loadVector(source + 4 * sourceStride), v5 = loadVector(source + 5 * sourceStride)
    var v6 = loadVector(source + 6 * sourceStride), v7 = loadVector(source + 7 * sourceStride)
    for _ in 0..<4 {
        (v0, v1, v2, v3, v4, v5, v6, v7) = (even(v0, v1), even(v2, v3), even(v4, v5), even(v6, v7),
                                            odd(v0, v1), odd(v2, v3), odd(v4, v5), odd(v6, v7))
    }
    storeVector(v0, target); storeVector(v1, target + 16); storeVector(v2, target + 32); storeVector(v3, target + 48)
    storeVector(v4, target + 64); storeVector(v5, target + 80); storeVector(v6, target + 96); storeVector(v7, target + 112)
}
