import NablaCore

extension GrayImage {
    /// This image resampled to `newWidth` × `newHeight` pixels by area averaging (a box filter):
    /// each output pixel covers a rectangle of the input, (width / newWidth) × (height / newHeight)
    /// input pixels, and is the mean of the input over that rectangle, input pixels cut by its edges
    /// counting for the fraction inside, rounded to the nearest integer. The arithmetic is exact
    /// (integers), so a constant image stays constant. Works for shrinking and enlarging; stops
    /// unless both sizes are at least 1.
    public func resized(toWidth newWidth: Int, height newHeight: Int) -> GrayImage {
        require(newWidth >= 1 && newHeight >= 1, "GrayImage.resized: the new size \(newWidth)×\(newHeight) must be at least 1×1")
        let columns = GrayImage.coverage(inputCount: width, outputCount: newWidth)
        let rows = GrayImage.coverage(inputCount: height, outputCount: newHeight)
        // Along rows first: rowSums[y · newWidth + x] = Σ weight · pixel over row y of the input.
        var rowSums = [Int](repeating: 0, count: height * newWidth)
        for y in 0..<height {
            for (x, covered) in columns.enumerated() {
                var sum = 0
                for (column, weight) in covered { sum += weight * Int(pixels[y * width + column]) }
                rowSums[y * newWidth + x] = sum
            }
        }
        // Then down columns. The weights of one output pixel add up to width · height.
        let total = width * height
        var resized = [UInt8](repeating: 0, count: newWidth * newHeight)
        for (y, covered) in rows.enumerated() {
            for x in 0..<newWidth {
                var sum = 0
                for (row, weight) in covered { sum += weight * rowSums[row * newWidth + x] }
                resized[y * newWidth + x] = UInt8((sum + total / 2) / total)
            }
        }
        return GrayImage(width: newWidth, height: newHeight, pixels: resized)
    }

    /// Along one axis, the input pixels each output pixel covers and how much of each. Measured in
    /// 1/outputCount of an input pixel, output pixel o spans [o · inputCount, (o + 1) · inputCount)
    /// and input pixel i spans [i · outputCount, (i + 1) · outputCount); the weight is their overlap,
    /// and each output pixel's weights add up to inputCount.
    static func coverage(inputCount: Int, outputCount: Int) -> [[(index: Int, weight: Int)]] {
        (0..<outputCount).map { output in
            let start = output * inputCount, end = start + inputCount
            return (start / outputCount...(end - 1) / outputCount).map { input in
                (input, min(end, (input + 1) * outputCount) - max(start, input * outputCount))
            }
        }
    }
}
