import NablaCore

extension GrayImage {
    /// The image as an MNIST classifier expects it: a white digit on black, `width` × `height`
    /// pixels (28 × 28 by default).
    ///
    /// The rule: MNIST's digits are white ink (255) on a black background (0), but a digit drawn
    /// or photographed on paper is dark on bright. The border of an image is background, so when
    /// its border is mostly bright (`hasBrightBorder`), the image is inverted (`inverted()`). Then
    /// it is resized by area averaging (`resized(toWidth:height:)`).
    ///
    /// Not done: MNIST's digits also fill a 20 × 20 box centred by their centre of mass, with
    /// 4 pixels of margin; a digit drawn large and centred with a little margin matches them best.
    public func preparedForMNIST(width newWidth: Int = 28, height newHeight: Int = 28) -> GrayImage {
        (hasBrightBorder ? inverted() : self).resized(toWidth: newWidth, height: newHeight)
    }

    /// Whether more than half of the border pixels (the first and last row and column) are
    /// bright, at least 128: a dark digit on paper rather than MNIST's white digit on black.
    public var hasBrightBorder: Bool {
        var bright = 0, border = 0
        for y in 0..<height {
            let isEdgeRow = y == 0 || y == height - 1
            let columns = isEdgeRow ? Array(0..<width) : (width > 1 ? [0, width - 1] : [0])
            for x in columns {
                border += 1
                if pixels[y * width + x] >= 128 { bright += 1 }
            }
        }
        return 2 * bright > border
    }

    /// The negative: each pixel p becomes 255 − p, so black and white trade places.
    public func inverted() -> GrayImage {
        GrayImage(width: width, height: height, pixels: pixels.map { 255 - $0 })
    }
}

extension ImageDataset {
    /// Image `index` as a `GrayImage` of `columns` × `rows` pixels, its bytes unchanged for gray
    /// images (MNIST's digits come out white on black) and the mean of the channels, rounded down,
    /// for colour ones. Stops when `index` is not in 0..<count.
    public func grayImage(_ index: Int) -> GrayImage {
        require(index >= 0 && index < count, "ImageDataset.grayImage: index \(index) out of 0..<\(count)")
        let values = image(index), plane = rows * columns
        guard channels > 1 else { return GrayImage(width: columns, height: rows, pixels: Array(values)) }
        // gray = (Σ_c value[c, pixel]) / C
        let pixels = (0..<plane).map { pixel in
            UInt8((0..<channels).reduce(0) { $0 + Int(values[values.startIndex + $1 * plane + pixel]) } / channels)
        }
        return GrayImage(width: columns, height: rows, pixels: pixels)
    }
}
