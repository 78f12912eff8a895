import Foundation
import NablaCore
import NablaTrain

/// Elastic distortion (Simard, Steinkraus and Platt, 2003, "Best practices for convolutional neural
/// networks applied to visual document analysis", §2): every pixel of a training image moves by
/// its own small amount, and neighbouring pixels move alike, the way a hand's wobble bends a
/// stroke. Draw a uniform value in (−1, 1) for each pixel and axis, smooth the two fields with a
/// Gaussian of width σ pixels, scale them by α pixels, and read each output pixel where its arrow
/// points:
///
///     Δx = α · (G_σ ∗ U_x),   Δy = α · (G_σ ∗ U_y),      U_x[y, x], U_y[y, x] ~ uniform(−1, 1)
///     out[y, x] = in(x + Δx[y, x], y + Δy[y, x])            (bilinear, background off the image)
///
/// G_σ is the Gaussian exp(−k²/2σ²) over k = −r…r, r = ⌊8σ + 1⌋ / 2, divided by its sum, applied
/// along the rows and then along the columns, with the field mirrored at its edges (PyTorch's
/// "reflect" padding): the kernel and padding of torchvision's `ElasticTransform`, which states α
/// relative to the image's size instead of in pixels. Small σ leaves the arrows independent (the
/// digit dissolves into noise); large σ makes them all alike (a shift). Simard et al. found σ = 4,
/// α = 34 best for MNIST and cut a convolutional network's test error from 0.6% with affine
/// distortions to 0.4% with elastic ones.
///
/// Each image's field comes from its own generator, seeded by one draw from the batch's generator
/// in batch order; so the images of a batch are distorted in parallel and a run still gives the
/// same numbers on any number of threads.
public struct ElasticDistortion: ImageAugmentation {
    /// The scale α of the displacements, in pixels.
    public let alpha: Double
    /// The width σ of the Gaussian that smooths the random field, in pixels.
    public let sigma: Double
    public let height: Int, width: Int
    /// What an empty pixel is after normalisation: (0 − mean)/std.
    public let background: Float
    /// G_σ[k] for k = −r…r, summing to 1.
    public let kernel: [Float]
    /// The column (row) that position p of a row (column) padded by r on each side reads: reflect(p − r).
    let paddedColumns: [Int], paddedRows: [Int]

    public init(alpha: Double, sigma: Double, height: Int = 28, width: Int = 28, background: Float) {
        require(alpha >= 0, "ElasticDistortion: alpha must be ≥ 0 pixels, got \(alpha)")
        require(sigma > 0 && sigma <= 64, "ElasticDistortion: sigma must be in (0, 64] pixels, got \(sigma)")
        (self.alpha, self.sigma, self.height, self.width, self.background) = (alpha, sigma, height, width, background)
        let radius = Int(8 * sigma + 1) / 2
        // G_σ[k] = exp(−k²/2σ²) / Σ_j exp(−j²/2σ²)
        let weights = (-radius...radius).map { k in Foundation.exp(-Double(k * k) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        kernel = weights.map { Float($0 / total) }
        paddedColumns = (0..<(width + 2 * radius)).map { reflect($0 - radius, size: width) }
        paddedRows = (0..<(height + 2 * radius)).map { reflect($0 - radius, size: height) }
    }

    /// Distorts the images of `batch` in parallel, each with the field of its own seed.
    public func augment(_ batch: inout Tensor<Float>, generator: inout RandomGenerator) {
        let (examples, perExample) = imageLayout(of: batch)
        let seeds = (0..<examples).map { _ in generator.next() }
        batch.withUnsafeMutableBufferPointer { values in
            let images = values.sendable
            parallelForChunks(count: examples, chunkSize: 8, threads: ComputeThreads.count) { range in
                for n in range { distort(image: images.base + n * perExample, channels: perExample / (height * width), seed: seeds[n]) }
            }
        }
    }

    public func augment(image: UnsafeMutablePointer<Float>, channels: Int, generator: inout RandomGenerator) {
        distort(image: image, channels: channels, seed: generator.next())
    }

    /// One image distorted in place, every channel by the same field, drawn from `seed`.
    public func distort(image: UnsafeMutablePointer<Float>, channels: Int, seed: UInt64) {
        let plane = height * width
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * plane) { scratch in
            let (dx, dy, output) = (scratch.baseAddress!, scratch.baseAddress! + plane, scratch.baseAddress! + 2 * plane)
            var generator = RandomGenerator(seed: seed)
            // U_x, U_y ~ uniform(−1, 1), one value per pixel and axis
            for i in 0..<(2 * plane) { dx[i] = Float(2 * generator.uniform() - 1) }
            // Δ = α · (G_σ ∗ U)
            smooth(dx, scaledBy: Float(alpha))
            smooth(dy, scaledBy: Float(alpha))
            displace(image, channels: channels, dx: dx, dy: dy, into: output)
        }
    }

    /// out[y, x] = in(x + Δx[y, x], y + Δy[y, x]) for every channel of `image`, in place, through
    /// `output` (one plane).
    public func displace(_ image: UnsafeMutablePointer<Float>, channels: Int, dx: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                         into output: UnsafeMutablePointer<Float>) {
        let plane = height * width
        for channel in 0..<channels {
            let input = image + channel * plane
            for y in 0..<height {
                for x in 0..<width {
                    let i = y * width + x
                    output[i] = bilinearSample(input, height: height, width: width, background: background,
                                               x: Double(x) + Double(dx[i]), y: Double(y) + Double(dy[i]))
                }
            }
            input.update(from: output, count: plane)
        }
    }

    /// `field` (height × width) replaced by `scale` · (G_σ ∗ field): the kernel along each row, then
    /// along each column, the field mirrored at its edges.
    public func smooth(_ field: UnsafeMutablePointer<Float>, scaledBy scale: Float) {
        let radius = kernel.count / 2
        withUnsafeTemporaryAllocation(of: Float.self, capacity: height * width + width + 2 * radius) { scratch in
            let (alongRows, padded) = (scratch.baseAddress!, scratch.baseAddress! + height * width)
            kernel.withUnsafeBufferPointer { g in paddedColumns.withUnsafeBufferPointer { columns in paddedRows.withUnsafeBufferPointer { rows in
                // alongRows[y, x] = Σ_k G[k] · field[y, reflect(x + k − r)]
                for y in 0..<height {
                    for p in 0..<(width + 2 * radius) { padded[p] = field[y * width + columns[p]] }
                    let out = alongRows + y * width
                    out.update(repeating: 0, count: width)
                    for k in 0..<g.count {
                        for x in 0..<width { out[x] += g[k] * padded[x + k] }
                    }
                }
                // field[y, x] = scale · Σ_k G[k] · alongRows[reflect(y + k − r), x]
                for y in 0..<height {
                    let out = field + y * width
                    out.update(repeating: 0, count: width)
                    for k in 0..<g.count {
                        let source = alongRows + rows[y + k] * width
                        for x in 0..<width { out[x] += g[k] * source[x] }
                    }
                    for x in 0..<width { out[x] *= scale }
                }
            } } }
        }
    }
}

/// The index that `i` (any integer) reads in a row of `size` values mirrored at both ends without
/// repeating the edge (PyTorch's "reflect"): …, 2, 1, [0, 1, …, size − 1], size − 2, ….
func reflect(_ i: Int, size: Int) -> Int {
    guard size > 1 else { return 0 }
    let period = 2 * (size - 1)
    let j = ((i % period) + period) % period
    return j < size ? j : period - j
}
