import NablaCore

// The direct convolution's forward pass with the output channels as vector lanes, for layers whose
// output channels fill whole vectors (16, 32, 48… on AVX-512; LeNet's second layer, 6 → 16).
//
// The correlation tiles of DirectTileKernels.swift hold 48 neighbouring *flat* positions of the
// row-pitch layout, and the flat positions j ≥ W_out of every row are computed and thrown away:
// LeNet's second layer (10×10 outputs on a row pitch of 14) keeps 100 of the 144 it computes. Here a
// vector holds 16 output channels of one output position, and a tile holds 20 output positions that
// need not be neighbours, so only real positions are computed (the last tile of an image repeats its
// last position to fill up). For each kernel tap the tile loads the channels' weights once (packed
// [c][p][q][o] by `packForward`) and multiplies them by each position's input, broadcast:
//
//     tile[k][o] = Σ_c Σ_p Σ_q w[c, p, q][o] · x_padded[c·inputPlane + base_k + p·rowPitch + q]
//
// with base_k = i_k·rowPitch + j_k for output position (i_k, j_k). Each sum runs in the order of c,
// p, q from 0, with one fused multiply-add per term: the correlation tile's order, so y is bitwise
// the same (ConvolutionTests `testChannelLanesForwardIsBitwiseTheRowPitchTiles`).

/// Output positions in one channel-lanes tile: 20 accumulators and the weights' vector in
/// AVX-512's 32 registers, for Float (the FMAs take their broadcasts from memory). Double's
/// 16-lane vectors take two registers each: the same tile then spills, correct but slower.
let channelLanesTilePositions = 20

/// Whether the direct path's forward pass of `g` takes the channel-lanes tiles: when the output
/// channels fill whole vectors, on a machine with 32 vector registers (AVX-512; with 16 the tile
/// would spill), and the row-pitch tiles would throw away more than 15% of the positions they
/// compute. Measured on one core of the reference machine (forward, channel lanes against row
/// pitch): LeNet's 6 → 16 on 14×14, 673 µs against 890 at batch 128; 3×3 convolutions 64 → 64 on
/// 7×7, 2.97 ms against 4.54, 64 → 64 on 14×14, 4.98 against 5.68; but 1 → 32 on 28×28 (5×5,
/// padding 2: 86% kept), 1.57 ms against 1.19, where each tile's 25 products cannot pay for
/// turning its 20 positions × 16 channels around.
public func directForwardUsesChannelLanes(_ g: ConvolutionGeometry) -> Bool {
    let lanes = SIMDVector<Float>.scalarCount
    return maximumTileRows == 8 && g.outputChannels % lanes == 0 && g.stride == (1, 1)
        && DirectConvolutionLayout(g, Float.self).keptFraction < 0.85
}

/// For every output position of an image, in scan order and then repeating the last one up to a
/// whole number of tiles, the flat offset of its receptive field's first cell in the padded input:
/// i·rowPitch + j.
func channelLanesBases(_ layout: DirectConvolutionLayout) -> [Int] {
    let (height, width) = layout.g.output
    let positions = height * width
    let tiles = (positions + channelLanesTilePositions - 1) / channelLanesTilePositions
    return (0..<(tiles * channelLanesTilePositions)).map { k in
        let position = Swift.min(k, positions - 1)
        return position / width * layout.rowPitch + position % width
    }
}

/// One tile: `tile[k·lanes + o]` for the 20 positions at `source + bases[k]` and the lanes of output
/// channels whose weights start at `weights` (taps `weightStride` apart), over `sources` input
/// planes `sourceStride` apart.
enum ChannelLanesCorrelation<Scalar: Real> {
    typealias Vector = SIMDVector<Scalar>

    @inline(never)
    static func run(source: UnsafePointer<Scalar>, bases: UnsafePointer<Int>, sources: Int, sourceStride: Int, rowPitch: Int,
                    kernel: (height: Int, width: Int), weights: UnsafePointer<Scalar>, weightStride: Int,
                    tile: UnsafeMutablePointer<Scalar>) {
        let (x0, x1, x2, x3, x4) = (source + bases[0], source + bases[1], source + bases[2], source + bases[3], source + bases[4])
        let (x5, x6, x7, x8, x9) = (source + bases[5], source + bases[6], source + bases[7], source + bases[8], source + bases[9])
        let (x10, x11, x12, x13, x14) = (source + bases[10], source + bases[11], source + bases[12], source + bases[13], source + bases[14])
        let (x15, x16, x17, x18, x19) = (source + bases[15], source + bases[16], source + bases[17], source + bases[18], source + bases[19])
        var (a0, a1, a2, a3, a4) = (Vector(), Vector(), Vector(), Vector(), Vector())
        var (a5, a6, a7, a8, a9) = (Vector(), Vector(), Vector(), Vector(), Vector())
        var (a10, a11, a12, a13, a14) = (Vector(), Vector(), Vector(), Vector(), Vector())
        var (a15, a16, a17, a18, a19) = (Vector(), Vector(), Vector(), Vector(), Vector())
        var w = weights
        for s in 0..<sources {
            var row = s * sourceStride
            for _ in 0..<kernel.height {
                for t in row..<(row + kernel.width) {
                    let v = loadVector(w)
                    a0.addProduct(Vector(repeating: x0[t]), v); a1.addProduct(Vector(repeating: x1[t]), v)
                    a2.addProduct(Vector(repeating: x2[t]), v); a3.addProduct(Vector(repeating: x3[t]), v)
                    a4.addProduct(Vector(repeating: x4[t]), v); a5.addProduct(Vector(repeating: x5[t]), v)
                    a6.addProduct(Vector(repeating: x6[t]), v); a7.addProduct(Vector(repeating: x7[t]), v)
                    a8.addProduct(Vector(repeating: x8[t]), v); a9.addProduct(Vector(repeating: x9[t]), v)
                    a10.addProduct(Vector(repeating: x10[t]), v); a11.addProduct(Vector(repeating: x11[t]), v)
                    a12.addProduct(Vector(repeating: x12[t]), v); a13.addProduct(Vector(repeating: x13[t]), v)
                    a14.addProduct(Vector(repeating: x14[t]), v); a15.addProduct(Vector(repeating: x15[t]), v)
                    a16.addProduct(Vector(repeating: x16[t]), v); a17.addProduct(Vector(repeating: x17[t]), v)
                    a18.addProduct(Vector(repeating: x18[t]), v); a19.addProduct(Vector(repeating: x19[t]), v)
                    w += weightStride
                }
                row += rowPitch
            }
        }
        let lanes = Vector.scalarCount
        storeVector(a0, tile); storeVector(a1, tile + lanes); storeVector(a2, tile + 2 * lanes); storeVector(a3, tile + 3 * lanes)
        storeVector(a4, tile + 4 * lanes); storeVector(a5, tile + 5 * lanes); storeVector(a6, tile + 6 * lanes)
        storeVector(a7, tile + 7 * lanes); storeVector(a8, tile + 8 * lanes); storeVector(a9, tile + 9 * lanes)
        storeVector(a10, tile + 10 * lanes); storeVector(a11, tile + 11 * lanes); storeVector(a12, tile + 12 * lanes)
        storeVector(a13, tile + 13 * lanes); storeVector(a14, tile + 14 * lanes); storeVector(a15, tile + 15 * lanes)
        storeVector(a16, tile + 16 * lanes); storeVector(a17, tile + 17 * lanes); storeVector(a18, tile + 18 * lanes)
        storeVector(a19, tile + 19 * lanes)
    }
}

extension DirectConvolutionLayout {
    /// y [O, H_out, W_out] of one image, as `forward`, by channel-lanes tiles (`bases` from
    /// `channelLanesBases`); `tile` is scratch for 20 × lanes values (`forward`'s `flat` holds more).
    func forwardByChannelLanes<Scalar: Real>(padded: UnsafePointer<Scalar>, weights: UnsafePointer<Scalar>,
                                             bias: UnsafePointer<Scalar>?, bases: UnsafeBufferPointer<Int>,
                                             tile: UnsafeMutablePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
        let lanes = SIMDVector<Scalar>.scalarCount
        require(g.outputChannels % lanes == 0 && bases.count % channelLanesTilePositions == 0,
                "channel-lanes tiles need whole vectors of \(lanes) output channels and whole tiles of positions, "
                + "got \(g.outputChannels) channels and \(bases.count) positions")
        let positions = g.output.height * g.output.width
        for start in stride(from: 0, to: positions, by: channelLanesTilePositions) {
            let count = Swift.min(channelLanesTilePositions, positions - start)
            for group in stride(from: 0, to: g.outputChannels, by: lanes) {
                ChannelLanesCorrelation<Scalar>.run(
                    source: padded, bases: bases.baseAddress! + start, sources: g.inputChannels, sourceStride: inputPlane,
                    rowPitch: rowPitch, kernel: g.kernel, weights: weights + group, weightStride: g.outputChannels, tile: tile)
                for o in 0..<lanes {
                    let b = bias?[group + o] ?? 0
                    let out = y + (group + o) * positions + start
                    for k in 0..<count { out[k] = tile[k * lanes + o] + b }
                }
            }
        }
    }
}
