import NablaCore

// The convolution as a textbook writes it: one loop per index, the formula above each function.
// x [N, C, H, W], weight w [O, C, K_h, K_w], bias b [O], y [N, O, H_out, W_out]; S is the stride,
// P the zero padding. An index that falls outside the image reads a zero, which is what padding is.
// These loops are the reference the fast versions are proven equal to; they are slow.

/// y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x[n, c, i·S_h + p − P_h, j·S_w + q − P_w]
public func naiveConvolutionForward<Scalar: Real>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?,
                                                  geometry g: ConvolutionGeometry) -> Tensor<Scalar> {
    let (x, w) = (x.scalars, weight.scalars)
    // y starts at the bias: b[o] at every position of channel o
    var y = [Scalar](repeating: 0, count: g.outputShape.reduce(1, *))
    if let b = bias?.scalars {
        let positions = g.output.height * g.output.width
        for k in y.indices { y[k] = b[k / positions % g.outputChannels] }
    }
    forEachProduct(g) { yIndex, wIndex, xIndex in y[yIndex] += w[wIndex] * x[xIndex] }
    return Tensor(shape: g.outputShape, scalars: y)
}

/// dL/dx[n, c, h, w] = Σ_o Σ_p Σ_q w[o, c, p, q] · dy[n, o, i, j]   over i·S_h + p − P_h = h, j·S_w + q − P_w = w
///
/// Each product w · x in the forward pass sends w · dy back to the x it read: the same products,
/// with the multiply-add turned around.
public func naiveConvolutionInputGradient<Scalar: Real>(_ dy: Tensor<Scalar>, weight: Tensor<Scalar>,
                                                        geometry g: ConvolutionGeometry) -> Tensor<Scalar> {
    let (dy, w) = (dy.scalars, weight.scalars)
    var dx = [Scalar](repeating: 0, count: g.inputShape.reduce(1, *))
    forEachProduct(g) { yIndex, wIndex, xIndex in dx[xIndex] += w[wIndex] * dy[yIndex] }
    return Tensor(shape: g.inputShape, scalars: dx)
}

/// dL/dw[o, c, p, q] = Σ_n Σ_i Σ_j dy[n, o, i, j] · x[n, c, i·S_h + p − P_h, j·S_w + q − P_w]
///
/// A weight is used at every output position of every image, so its gradient sums over all of
/// them: the same products once more, each adding dy · x to the weight it used.
public func naiveConvolutionWeightGradient<Scalar: Real>(_ dy: Tensor<Scalar>, input x: Tensor<Scalar>,
                                                         geometry g: ConvolutionGeometry) -> Tensor<Scalar> {
    let (dy, x) = (dy.scalars, x.scalars)
    var dw = [Scalar](repeating: 0, count: g.weightShape.reduce(1, *))
    forEachProduct(g) { yIndex, wIndex, xIndex in dw[wIndex] += dy[yIndex] * x[xIndex] }
    return Tensor(shape: g.weightShape, scalars: dw)
}

/// Every product of the convolution, one loop per index (n, o, i, j outermost, then c, p, q): the
/// flat positions of y[n, o, i, j], of the weight w[o, c, p, q] and of the input
/// x[n, c, i·S_h + p − P_h, j·S_w + q − P_w] it multiplies. An input position in the zero padding
/// reads a zero, so its products are skipped. The forward pass and both gradients are one
/// multiply-add each over these triples, so each sum runs in this order.
func forEachProduct(_ g: ConvolutionGeometry, _ body: (_ y: Int, _ w: Int, _ x: Int) -> Void) {
    let index = ConvolutionIndexing(g)
    for n in 0..<g.batch {
        for o in 0..<g.outputChannels {
            for i in 0..<g.output.height {
                for j in 0..<g.output.width {
                    for c in 0..<g.inputChannels {
                        for p in 0..<g.kernel.height {
                            for q in 0..<g.kernel.width {
                                guard let xIndex = index.input(n, c, i * g.stride.height + p - g.padding.height,
                                                               j * g.stride.width + q - g.padding.width) else { continue }
                                body(index.output(n, o, i, j), index.weight(o, c, p, q), xIndex)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// dL/db[o] = Σ_n Σ_i Σ_j dy[n, o, i, j]
///
/// The bias is added at every position, so its gradient is the sum of dy over images and positions.
public func naiveConvolutionBiasGradient<Scalar: Real>(_ dy: Tensor<Scalar>) -> Tensor<Scalar> {
    let (batch, channels, positions) = (dy.shape[0], dy.shape[1], dy.shape[2] * dy.shape[3])
    let dy = dy.scalars
    var db = [Scalar](repeating: 0, count: channels)
    for n in 0..<batch {
        for o in 0..<channels {
            for f in 0..<positions { db[o] += dy[(n * channels + o) * positions + f] }
        }
    }
    return Tensor(shape: [channels], scalars: db)
}

/// Flat offsets of x, y and w elements; `input` is nil where (h, w) falls in the zero padding.
struct ConvolutionIndexing {
    let g: ConvolutionGeometry

    init(_ geometry: ConvolutionGeometry) { g = geometry }

    func input(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Int? {
        guard h >= 0, h < g.input.height, w >= 0, w < g.input.width else { return nil }
        return ((n * g.inputChannels + c) * g.input.height + h) * g.input.width + w
    }

    func output(_ n: Int, _ o: Int, _ i: Int, _ j: Int) -> Int {
        ((n * g.outputChannels + o) * g.output.height + i) * g.output.width + j
    }

    func weight(_ o: Int, _ c: Int, _ p: Int, _ q: Int) -> Int {
        ((o * g.inputChannels + c) * g.kernel.height + p) * g.kernel.width + q
    }
}
