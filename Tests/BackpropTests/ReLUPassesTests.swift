import Backprop
import NablaCore
import XCTest

/// ReLU's passes run as pointer loops on the compute threads (Fast/ReLUPasses.swift); they must
/// give exactly the formulas' `map` and `zipMap`, NaN, ±0 and ±∞ included, on any thread count.
final class ReLUPassesTests: XCTestCase {
    func testForwardAndBackwardAreTheFormulasOnAnyThreadCount() {
        // large enough to be shared among threads (65,536 elements and more), and not a multiple of a slice
        let shape = [3, 6, 61, 61]
        var generator = RandomGenerator(seed: 9)
        let specials: [Float] = [.nan, 0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        let x = Tensor<Float>(shape: shape) { i in i % 97 < specials.count ? specials[i % 97] : Float(generator.normal()) }
        let dy = Tensor<Float>(shape: shape) { i in i % 89 == 0 ? .nan : Float(generator.normal()) }
        let y = x.map { $0 < 0 ? 0 : $0 }
        let dx = dy.zipMap(x) { dy, x in x > 0 ? dy : 0 }

        let saved = ComputeThreads.count
        defer { ComputeThreads.count = saved }
        for threads in [1, 2, 3] {
            ComputeThreads.count = threads
            var context = ForwardContext(isTraining: true)
            let (output, cache) = ReLU<Float>().forward(x, context: &context)
            let (inputGradient, _) = ReLU<Float>().backward(dy, cache: cache)
            XCTAssertEqual(output.shape, shape)
            XCTAssertEqual(output.scalars.map(\.bitPattern), y.scalars.map(\.bitPattern), "forward, \(threads) threads")
            XCTAssertEqual(inputGradient.scalars.map(\.bitPattern), dx.scalars.map(\.bitPattern), "backward, \(threads) threads")
        }
    }
}
