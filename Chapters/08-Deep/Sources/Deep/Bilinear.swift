/// The value of a height × width plane at the point (x, y) = (column, row), which need not fall on
/// a pixel: the bilinear blend of the four pixels around it, with `background` for those off the
/// plane (what `RandomAffine` and `ElasticDistortion` read their output pixels with).
///
///     value = (1 − a)(1 − b)·in[y₀, x₀] + a(1 − b)·in[y₀, x₀ + 1] + (1 − a)b·in[y₀ + 1, x₀] + ab·in[y₀ + 1, x₀ + 1]
///     x₀ = ⌊x⌋, a = x − x₀,  y₀ = ⌊y⌋, b = y − y₀
///
/// (PyTorch's `grid_sample(mode="bilinear", align_corners=False)` in pixel coordinates, with the
/// background instead of zeros off the image.)
func bilinearSample(_ input: UnsafePointer<Float>, height: Int, width: Int, background: Float, x: Double, y: Double) -> Float {
    func pixel(_ row: Int, _ column: Int) -> Float {
        row >= 0 && row < height && column >= 0 && column < width ? input[row * width + column] : background
    }
    let (x0, y0) = (Int(x.rounded(.down)), Int(y.rounded(.down)))
    let (a, b) = (Float(x - Double(x0)), Float(y - Double(y0)))
    let top = (1 - a) * pixel(y0, x0) + a * pixel(y0, x0 + 1)
    let bottom = (1 - a) * pixel(y0 + 1, x0) + a * pixel(y0 + 1, x0 + 1)
    return (1 - b) * top + b * bottom
}
