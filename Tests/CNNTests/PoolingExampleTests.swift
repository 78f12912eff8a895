import XCTest
import NablaCore
import CNN

/// Small examples worked out by hand, through the layers as a model uses them.
final class PoolingExampleTests: XCTestCase {
    func forwardBackward<L: Layer>(_ layer: L, _ x: Tensor<Double>, upstream: Double = 1) throws
        -> (y: Tensor<Double>, dx: Tensor<Double>) where L.Scalar == Double {
        var layer = layer, context = ForwardContext.training()
        let (y, cache) = try layer.forward(x, context: &context)
        return (y, layer.backward(Tensor(repeating: upstream, shape: y.shape), cache: cache).inputGradient)
    }

    /// The 4×4 image of CS231n's pooling picture, one image of one channel.
    let fourByFour = poolingImage([[1, 1, 2, 4],
                                   [5, 6, 7, 8],
                                   [3, 2, 1, 0],
                                   [1, 2, 3, 4]])

    /// The CS231n picture: a 2×2 max pool with stride 2 keeps the largest of each 2×2 block, and
    /// backward sends each gradient to that one cell.
    func testMaxPool2x2Of4x4() throws {
        let x = fourByFour
        let (y, dx) = try forwardBackward(try MaxPool2D<Double>(kernelSize: (2, 2)), x)
        XCTAssertEqual(y, poolingImage([[6, 8], [3, 4]]))
        XCTAssertEqual(dx, poolingImage([[0, 0, 0, 0],
                                         [0, 1, 0, 1],
                                         [1, 0, 0, 0],
                                         [0, 0, 0, 1]]))
    }

    /// Ties go to the first maximum in scan order (row by row), as in PyTorch.
    func testMaxPoolTieGoesToTheFirstMaximum() throws {
        let x = poolingImage([[3, 3], [3, 3]])
        let (y, dx) = try forwardBackward(try MaxPool2D<Double>(kernelSize: (2, 2)), x)
        XCTAssertEqual(y.scalars, [3])
        XCTAssertEqual(dx, poolingImage([[1, 0], [0, 0]]))
    }

    /// Overlapping windows (stride 1 < kernel 2) that share a maximum both send it their gradient.
    func testMaxPoolOverlappingWindowsAddTheirGradients() throws {
        let x = poolingImage([[0, 5, 0]])
        let (y, dx) = try forwardBackward(try MaxPool2D<Double>(kernelSize: (1, 2), stride: (1, 1)), x, upstream: 2)
        XCTAssertEqual(y, poolingImage([[5, 5]]))
        XCTAssertEqual(dx, poolingImage([[0, 4, 0]]))
    }

    /// Max-pool padding is −∞, not 0: an all-negative image keeps its negative values at the border.
    func testMaxPoolPaddingIsMinusInfinity() throws {
        let x = poolingImage([[-1, -2], [-3, -4]])
        let (y, _) = try forwardBackward(try MaxPool2D<Double>(kernelSize: (2, 2), stride: (1, 1), padding: (1, 1)), x)
        XCTAssertEqual(y, poolingImage([[-1, -1, -2],
                                        [-1, -1, -2],
                                        [-3, -3, -4]]))
    }

    /// Average pooling counts the padding zeros in the divisor (always kh·kw = 4 here), and each
    /// cell, inside four windows, gets back 4 × 1/4 of the gradient.
    func testAvgPoolWithPaddingCountsThePads() throws {
        let x = poolingImage([[1, 2], [3, 4]])
        let (y, dx) = try forwardBackward(try AvgPool2D<Double>(kernelSize: (2, 2), stride: (1, 1), padding: (1, 1)), x)
        XCTAssertEqual(y, poolingImage([[0.25, 0.75, 0.5],
                                        [1.0, 2.5, 1.5],
                                        [0.75, 1.75, 1.0]]))
        XCTAssertEqual(dx, poolingImage([[1, 1], [1, 1]]))
    }

    /// A 2×2 average pool with stride 2 takes each block's mean; backward gives each cell a quarter.
    func testAvgPool2x2Of4x4() throws {
        let x = fourByFour
        let (y, dx) = try forwardBackward(try AvgPool2D<Double>(kernelSize: (2, 2)), x)
        XCTAssertEqual(y, poolingImage([[3.25, 5.25], [2, 2]]))
        XCTAssertEqual(dx, Tensor(repeating: 0.25, shape: [1, 1, 4, 4]))
    }

    /// Each cell becomes a 2×3 block; backward sums each block (6 ones) back into its cell.
    func testUpsampleRepeatsEachCellIntoABlock() throws {
        let x = poolingImage([[1, 2]])
        let (y, dx) = try forwardBackward(try Upsample<Double>(scale: (2, 3)), x)
        XCTAssertEqual(y, poolingImage([[1, 1, 1, 2, 2, 2],
                                        [1, 1, 1, 2, 2, 2]]))
        XCTAssertEqual(dx, poolingImage([[6, 6]]))
    }

    /// Without `stride` in the configuration, the windows sit side by side (stride = kernel_size),
    /// as in PyTorch; `padding` defaults to 0.
    func testStrideDefaultsToTheKernelSize() throws {
        var generator = RandomGenerator(seed: 0)
        let layer = try poolingRegistry(Double.self).makeLayer(
            "max_pool2d", config: ["kernel_size": .array([.number(3), .number(2)])], generator: &generator)
        let window = try XCTUnwrap(layer as? MaxPool2D<Double>).window
        XCTAssertEqual([window.strideHeight, window.strideWidth, window.paddingHeight, window.paddingWidth], [3, 2, 0, 0])
        XCTAssertEqual(try window.geometry(input: [1, 1, 7, 5]).outputShape, [1, 1, 2, 2])
    }

    /// A batch of several images and channels: each (image, channel) plane is pooled on its own.
    func testPlanesArePooledIndependently() throws {
        let x = Tensor<Double>(shape: [2, 3, 2, 2], element: { Double($0) })
        let (y, _) = try forwardBackward(try MaxPool2D<Double>(kernelSize: (2, 2)), x)
        XCTAssertEqual(y, Tensor(shape: [2, 3, 1, 1], scalars: [3, 7, 11, 15, 19, 23]))
    }
}
