import NablaCore

// The direct convolution, for stride 1: no im2col matrix, one image at a time.
//
// The image is copied once into a zero-padded buffer whose rows are `rowPitch` = W + 2P_w apart,
// and then seen as one long row. Output (i, j) is computed at flat position f = i·rowPitch + j, and
// the input under kernel tap (p, q) is at f + p·rowPitch + q: for every tap, 48 neighbouring outputs
// read 48 neighbouring inputs, three contiguous vector loads. Flat positions with j ≥ W_out straddle
// two rows; they are computed and thrown away (the price of contiguous loads).
//
// The backward pass lays dy out on the same row pitch, with zeros in those thrown-away columns:
// - dL/dx: each dy position sends w · dy back to the inputs it read, at f + p·rowPitch + q, into a
//   padded buffer that is then cropped (`Scatter`). The zeros make the extra columns send nothing.
// - dL/dw[o, c, p, q] = Σ_f dy[o, f] · x_padded[c, f + p·rowPitch + q]: dot products of dy with
//   shifted copies of the input, vectorised over f (`WeightGradient`).

/// Where everything lives in the scratch buffers of the direct convolution of one image.
struct DirectConvolutionLayout: Sendable {
    let g: ConvolutionGeometry
    /// Floats between two rows of every buffer: W + 2P_w.
    let rowPitch: Int
    /// (K_h − 1)·rowPitch + K_w − 1: the flat offset of the last kernel tap.
    let lastTap: Int
    /// Flat output positions H_out·rowPitch, and the tiles of `tileWidth` that cover them.
    let outputPositions: Int, outputTiles: Int
    /// Floats per channel of the padded input (and of dL/dx before cropping): the padded image, and
    /// zeros that the last tile may read past it.
    let inputPlane: Int
    /// Floats per channel of the output gradient laid out on the row pitch: every tile position.
    let gradientPlane: Int
    /// Output positions rounded up to whole vectors: the positions the weight gradient sums.
    let gradientPositions: Int
    let tileWidth: Int

    init<Scalar: Real>(_ g: ConvolutionGeometry, _: Scalar.Type) {
        require(g.stride == (1, 1), "direct convolution: needs stride 1, got \(g.stride.height)×\(g.stride.width)")
        let lanes = SIMDVector<Scalar>.scalarCount
        func roundUp(_ n: Int, _ multiple: Int) -> Int { (n + multiple - 1) / multiple * multiple }
        self.g = g
        tileWidth = directTileWidth(Scalar.self)
        rowPitch = g.input.width + 2 * g.padding.width
        lastTap = (g.kernel.height - 1) * rowPitch + g.kernel.width - 1
        outputPositions = g.output.height * rowPitch
        outputTiles = (outputPositions + tileWidth - 1) / tileWidth
        let paddedHeight = g.input.height + 2 * g.padding.height
        inputPlane = roundUp(Swift.max(paddedHeight * rowPitch, lastTap + outputTiles * tileWidth), lanes)
        gradientPlane = outputTiles * tileWidth
        gradientPositions = roundUp(outputPositions, lanes)
    }

    /// The share of the positions the row-pitch tiles compute that are outputs: H_out·W_out of
    /// outputTiles·tileWidth (LeNet's second layer: 100 of 144).
    var keptFraction: Double { Double(g.outputPositions) / Double(outputTiles * tileWidth) }

    /// Floats of the padded input of one image.
    var paddedInputCount: Int { g.inputChannels * inputPlane }
    /// Floats of the laid-out output gradient (or output) of one image.
    var gradientCount: Int { g.outputChannels * gradientPlane }

    /// Copies image x [C, H, W] into `padded` (zeroed first): x[c, h, w] goes to
    /// padded[c·inputPlane + (h + P_h)·rowPitch + w + P_w].
    func pad<Scalar: Real>(_ x: UnsafePointer<Scalar>, into padded: UnsafeMutablePointer<Scalar>) {
        padded.update(repeating: 0, count: paddedInputCount)
        let (height, width) = g.input
        for c in 0..<g.inputChannels {
            for h in 0..<height {
                copyRow(from: x + (c * height + h) * width,
                        to: padded + c * inputPlane + (h + g.padding.height) * rowPitch + g.padding.width, count: width)
            }
        }
    }

    /// Copies dy [O, H_out, W_out] onto the row pitch (zeroed first): dy[o, i, j] goes to
    /// spread[o·gradientPlane + i·rowPitch + j].
    func spread<Scalar: Real>(_ dy: UnsafePointer<Scalar>, into spread: UnsafeMutablePointer<Scalar>) {
        spread.update(repeating: 0, count: gradientCount)
        let (height, width) = g.output
        for o in 0..<g.outputChannels {
            for i in 0..<height {
                copyRow(from: dy + (o * height + i) * width, to: spread + o * gradientPlane + i * rowPitch, count: width)
            }
        }
    }

    /// y [O, H_out, W_out] of one image: correlation tiles over the padded input into `flat`
    /// (gradientCount floats), then the kept columns plus the bias. Weights from `packForward`.
    func forward<Scalar: Real>(padded: UnsafePointer<Scalar>, weights: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
                               flat: UnsafeMutablePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
        let channels = g.outputChannels
        runTiles(Correlation<Scalar>.self, source: padded, sources: g.inputChannels, sourceStride: inputPlane,
                 weights: weights, channels: channels, output: flat, outputStride: gradientPlane)
        let (height, width) = g.output
        for o in 0..<channels {
            let b = bias?[o] ?? 0
            for i in 0..<height {
                let row = flat + o * gradientPlane + i * rowPitch, out = y + (o * height + i) * width
                for j in 0..<width { out[j] = row[j] + b }
            }
        }
    }

    /// dL/dx [C, H, W] of one image from its laid-out dy: scatter tiles into the padded buffer
    /// `padded` (paddedInputCount floats, zeroed here), then the image cropped out of it. Weights
    /// from `packInputGradient`.
    func inputGradient<Scalar: Real>(spread: UnsafePointer<Scalar>, weights: UnsafePointer<Scalar>,
                                     padded: UnsafeMutablePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>) {
        padded.update(repeating: 0, count: paddedInputCount)
        let channels = g.inputChannels
        runTiles(Scatter<Scalar>.self, source: spread, sources: g.outputChannels, sourceStride: gradientPlane,
                 weights: weights, channels: channels, output: padded, outputStride: inputPlane)
        let (height, width) = g.input
        for c in 0..<channels {
            for h in 0..<height {
                copyRow(from: padded + c * inputPlane + (h + g.padding.height) * rowPitch + g.padding.width,
                        to: dx + (c * height + h) * width, count: width)
            }
        }
    }

    /// Every tile of one image through `Kernel` (the forward correlation or the input gradient's
    /// scatter): `sources` planes of `source`, `sourceStride` apart, into `channels` planes of
    /// `output`, `outputStride` apart; tiles of `tileWidth` along the rows, up to 8 channels a tile.
    func runTiles<Scalar: Real, Kernel: DirectTileKernel>(
        _: Kernel.Type, source: UnsafePointer<Scalar>, sources: Int, sourceStride: Int, weights: UnsafePointer<Scalar>,
        channels: Int, output: UnsafeMutablePointer<Scalar>, outputStride: Int
    ) where Kernel.Operands == DirectTileOperands<Scalar> {
        for tile in 0..<outputTiles {
            forEachChannelTile(channels) { first, rows in
                runTile(Kernel.self, rows: rows, DirectTileOperands(
                    source: source + tile * tileWidth, sources: sources, sourceStride: sourceStride,
                    rowPitch: rowPitch, kernel: g.kernel, weights: weights + first, channels: channels,
                    output: output + first * outputStride + tile * tileWidth, outputStride: outputStride))
            }
        }
    }

    /// Flat offsets into the padded input of every weight column (c, p, q) of dL/dw, padded with
    /// zeros to a multiple of 3 (a tile's taps); the extra columns are computed and ignored.
    func weightColumnOffsets() -> [Int] {
        let (kh, kw) = g.kernel
        var offsets: [Int] = []
        for c in 0..<g.inputChannels {
            for p in 0..<kh { for q in 0..<kw { offsets.append(c * inputPlane + p * rowPitch + q) } }
        }
        while offsets.count % 3 != 0 { offsets.append(0) }
        return offsets
    }

    /// Adds the products of `images` images (padded inputs `paddedInputCount` apart, laid-out dy
    /// `gradientCount` apart) to the lane-wise sums of dL/dw (`partials`, [O][columns][lanes]) and
    /// dL/db (`biasPartials`, [O][lanes]).
    func accumulateParameterGradients<Scalar: Real>(padded: UnsafePointer<Scalar>, spread: UnsafePointer<Scalar>, images: Int,
                                                    offsets: UnsafeBufferPointer<Int>,
                                                    partials: UnsafeMutablePointer<Scalar>,
                                                    biasPartials: UnsafeMutablePointer<Scalar>?) {
        let lanes = SIMDVector<Scalar>.scalarCount
        let columns = offsets.count
        forEachChannelTile(g.outputChannels) { first, rows in
            for column in stride(from: 0, to: columns, by: 3) {
                runTile(WeightGradient<Scalar>.self, rows: rows, WeightGradientOperands(
                    outputGradient: spread + first * gradientPlane, dyStride: gradientPlane, dyImageStride: gradientCount,
                    input: padded, inputImageStride: paddedInputCount,
                    offsets: (offsets[column], offsets[column + 1], offsets[column + 2]),
                    positions: gradientPositions, images: images,
                    partials: partials + (first * columns + column) * lanes, partialRowStride: columns * lanes))
            }
        }
        guard let biasPartials else { return }
        for o in 0..<g.outputChannels {
            var sum = loadVector(biasPartials + o * lanes)
            for n in 0..<images {
                let row = spread + n * gradientCount + o * gradientPlane
                for f in stride(from: 0, to: gradientPositions, by: lanes) { sum += loadVector(row + f) }
            }
            storeVector(sum, biasPartials + o * lanes)
        }
    }

    /// The forward weights w[o, c, p, q] packed as [c][p][q][o]: one tap's weights for all output
    /// channels side by side, as the correlation tiles broadcast them.
    func packForward<Scalar: Real>(_ w: UnsafePointer<Scalar>, into packed: UnsafeMutablePointer<Scalar>) {
        let (outputs, inputs, taps) = (g.outputChannels, g.inputChannels, g.kernel.height * g.kernel.width)
        for o in 0..<outputs {
            for c in 0..<inputs { for t in 0..<taps { packed[(c * taps + t) * outputs + o] = w[(o * inputs + c) * taps + t] } }
        }
    }

    /// The weights for dL/dx packed as [p][q][o][c], as the scatter tiles broadcast them.
    func packInputGradient<Scalar: Real>(_ w: UnsafePointer<Scalar>, into packed: UnsafeMutablePointer<Scalar>) {
        let (outputs, inputs, taps) = (g.outputChannels, g.inputChannels, g.kernel.height * g.kernel.width)
        for o in 0..<outputs {
            for c in 0..<inputs { for t in 0..<taps { packed[(t * outputs + o) * inputs + c] = w[(o * inputs + c) * taps + t] } }
        }
    }
}

/// Copies a short row with a plain loop: image rows are a few dozen floats, where a call to
/// `memmove` costs more than the copy.
@inline(__always)
private func copyRow<Scalar: Real>(from source: UnsafePointer<Scalar>, to target: UnsafeMutablePointer<Scalar>, count: Int) {
    for j in 0..<count { target[j] = source[j] }
}
