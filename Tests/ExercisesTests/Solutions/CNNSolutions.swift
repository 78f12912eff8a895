import Backprop
import CNN
import NablaCore
import NablaExercises

// Reference solutions of chapter 4's exercises and typical wrong versions.

struct GlobalAvgPoolSolution: ParameterFreeLayer {
    typealias Scalar = Double
    var version = Version.reference

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: [Int]) {
        try checkShape(x.rank == 4, layer: "GlobalAvgPool2D", "input \(describe(shape: x.shape)) is not [N, C, H, W]")
        let (h, w) = (x.shape[2], x.shape[3])
        // the mistake: the mean over axes 1 and 2 (C and H) instead of 2 and 3
        if version == .transposed { return (x.sum(axis: 2).sum(axis: 1) / Double(x.shape[1] * h), x.shape) }
        return (x.sum(axis: 3).sum(axis: 2) / Double(h * w), x.shape)
    }

    func backward(_ dy: Tensor<Double>, cache shape: [Int]) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let area = shape[2] * shape[3]
        // dL/dx[n, c, h, w] = dy[n, c] / HW; the mistake: no 1/HW
        let scale = version == .doubled ? 1 : 1 / Double(area)
        return (Tensor(shape: shape) { dy.scalars[$0 / area] * scale }, Parameters())
    }
}

struct ResidualBlockSolution: Layer {
    typealias Scalar = Double
    var block: ResidualBlock<Double>
    var version = Version.reference

    var parameters: Parameters<Double> {
        get { block.parameters }
        set { block.parameters = newValue }
    }

    struct Cache { let conv1: ConvolutionCache<Double>, relu: Tensor<Double>, conv2: ConvolutionCache<Double> }

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Cache) {
        let (a, c1) = try block.conv1.forward(x, context: &context)
        let (h, cr) = ReLU<Double>().forward(a, context: &context)
        let (f, c2) = try block.conv2.forward(h, context: &context)
        return (x + f, Cache(conv1: c1, relu: cr, conv2: c2))
    }

    func backward(_ dy: Tensor<Double>, cache: Cache) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let (dh, g2) = block.conv2.backward(dy, cache: cache.conv2)
        let (da, _) = ReLU<Double>().backward(dh, cache: cache.relu)
        let (dxBranch, g1) = block.conv1.backward(da, cache: cache.conv1)
        var gradients = Parameters<Double>()
        let scale = version == .meanOverBatch ? 1 / Double(dy.shape[0]) : 1
        for (name, g) in g1.pairs { gradients.append("conv1." + name, g * scale) }
        for (name, g) in g2.pairs { gradients.append("conv2." + name, g * scale) }
        // dL/dx = dy (the shortcut) + the branch's; the mistake: the branch's alone
        return (version == .missingShortcut ? dxBranch : dy + dxBranch, gradients)
    }
}

struct DepthwiseSolution: Layer {
    typealias Scalar = Double
    var parameters: Parameters<Double>
    let padding: Int
    var version = Version.reference

    func forward(_ x: Tensor<Double>, context: inout ForwardContext) throws -> (output: Tensor<Double>, cache: Tensor<Double>) {
        let w = parameters["weight"], k = w.shape[2]
        try checkShape(x.rank == 4 && x.shape[1] == w.shape[0], layer: "DepthwiseConv2D", "input \(describe(shape: x.shape)) does not fit weight \(describe(shape: w.shape))")
        let (n, c, h, wi) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (ho, wo) = (h + 2 * padding - k + 1, wi + 2 * padding - k + 1)
        var y = Tensor<Double>(zeros: [n, c, ho, wo])
        for b in 0..<n { for ch in 0..<c { for i in 0..<ho { for j in 0..<wo {
            var sum = parameters["bias"].scalars[ch]
            for p in 0..<k { for q in 0..<k {
                let (r, s) = (i + p - padding, j + q - padding)
                if r >= 0 && r < h && s >= 0 && s < wi { sum += w.scalars[(ch * k + p) * k + q] * x.scalars[((b * c + ch) * h + r) * wi + s] }
            } }
            y.scalars[((b * c + ch) * ho + i) * wo + j] = sum
        } } } }
        return (y, x)
    }

    func backward(_ dy: Tensor<Double>, cache x: Tensor<Double>) -> (inputGradient: Tensor<Double>, parameterGradients: Parameters<Double>) {
        let w = parameters["weight"], k = w.shape[2]
        let (n, c, h, wi, ho, wo) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], dy.shape[2], dy.shape[3])
        var dx = Tensor<Double>(zeros: x.shape), dw = Tensor<Double>(zeros: w.shape)
        var db = Tensor<Double>(zeros: version == .firstExampleOnly ? [n, c] : [c])
        for b in 0..<n { for ch in 0..<c { for i in 0..<ho { for j in 0..<wo {
            let g = dy.scalars[((b * c + ch) * ho + i) * wo + j]
            // the mistake: one bias gradient per example, not summed over the batch
            db.scalars[version == .firstExampleOnly ? b * c + ch : ch] += g
            for p in 0..<k { for q in 0..<k {
                let (r, s) = (i + p - padding, j + q - padding)
                guard r >= 0 && r < h && s >= 0 && s < wi else { continue }
                let xi = ((b * c + ch) * h + r) * wi + s
                dx.scalars[xi] += w.scalars[(ch * k + p) * k + q] * g
                dw.scalars[(ch * k + p) * k + q] += x.scalars[xi] * g
            } }
        } } } }
        return (version == .flippedSign ? dx * -1 : dx, Parameters(["weight": dw, "bias": db]))
    }
}

enum CNNSolutions {
    static func globalAvgPool(_ version: Version = .reference) -> LayerMaker { { _, _ in GlobalAvgPoolSolution(version: version) } }
    static func residualBlock(_ version: Version = .reference) -> LayerMaker {
        { config, generator in ResidualBlockSolution(block: ResidualBlock(channels: try config.int("channels"), generator: &generator), version: version) }
    }
    static func depthwise(_ version: Version = .reference) -> LayerMaker {
        { config, generator in
            let layer = DepthwiseConv2D<Double>(channels: try config.int("channels"), kernelSize: try config.int("kernel_size"),
                                                padding: try config.int("padding", default: 0), generator: &generator)
            return DepthwiseSolution(parameters: layer.parameters, padding: layer.padding, version: version)
        }
    }
}
