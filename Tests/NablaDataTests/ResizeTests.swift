import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class ResizeTests: XCTestCase {
    func testConstantImageStaysConstant() {
        let image = GrayImage(width: 37, height: 23, pixels: [UInt8](repeating: 173, count: 37 * 23))
        for (width, height) in [(28, 28), (5, 61), (100, 100), (1, 1), (37, 23)] {
            let resized = image.resized(toWidth: width, height: height)
            XCTAssertEqual([resized.width, resized.height], [width, height])
            XCTAssertEqual(Set(resized.pixels), [173], "\(width)×\(height)")
        }
    }

    /// 56 × 56 in 2 × 2 blocks, white where the block's row and column differ in parity.
    let checkerboard = GrayImage(width: 56, height: 56, pixels: (0..<(56 * 56)).map { i in
        (i % 56 / 2 + i / 56 / 2) % 2 == 1 ? 255 : 0
    })

    func testCheckerboardMeans() {
        // To 28 × 28 each output pixel is exactly one block.
        let half = checkerboard.resized(toWidth: 28, height: 28)
        XCTAssertEqual(half.pixels, (0..<(28 * 28)).map { i in (i % 28 + i / 28) % 2 == 1 ? 255 : 0 })
        // To 14 × 14 each covers two white and two black blocks: 127.5, rounded up.
        XCTAssertEqual(Set(checkerboard.resized(toWidth: 14, height: 14).pixels), [128])
        // Unchanged size: unchanged pixels.
        XCTAssertEqual(checkerboard.resized(toWidth: 56, height: 56), checkerboard)
    }

    /// Fractional overlaps (56 → 21, 56 → 17 × 30, and enlarging 56 → 75) against the mean written
    /// with doubles straight from the definition: within 1/2 of it, as a rounded mean must be.
    func testFractionalOverlapsGiveTheAreaMean() {
        for (width, height) in [(21, 21), (17, 30), (75, 75)] {
            let resized = checkerboard.resized(toWidth: width, height: height)
            let scaleX = 56.0 / Double(width), scaleY = 56.0 / Double(height)
            for y in 0..<height {
                for x in 0..<width {
                    var sum = 0.0
                    for inputY in 0..<56 {
                        let overlapY = min(Double(y + 1) * scaleY, Double(inputY + 1)) - max(Double(y) * scaleY, Double(inputY))
                        guard overlapY > 0 else { continue }
                        for inputX in 0..<56 {
                            let overlapX = min(Double(x + 1) * scaleX, Double(inputX + 1)) - max(Double(x) * scaleX, Double(inputX))
                            if overlapX > 0 { sum += overlapX * overlapY * Double(checkerboard[inputX, inputY]) }
                        }
                    }
                    let mean = sum / (scaleX * scaleY)
                    XCTAssertLessThanOrEqual(abs(Double(resized[x, y]) - mean), 0.5 + 1e-9, "\(width)×\(height) at (\(x), \(y))")
                }
            }
        }
    }

    func testEnlargingTwoByTwo() {
        // Each of 3 × 3 output pixels covers 2/3 × 2/3 of an input pixel; the centre one a quarter
        // of each of the four (mean 127.5 → 128), the edge ones 2/3 of a pixel and 1/3 of its neighbour.
        let image = GrayImage(width: 2, height: 2, pixels: [0, 255, 255, 0])
        XCTAssertEqual(image.resized(toWidth: 3, height: 3).pixels, [0, 128, 255, 128, 128, 128, 255, 128, 0])
    }
}

final class MNISTInputTests: XCTestCase {
    /// A "1": a vertical bar of `ink` in columns 12–15, rows 4–23, on `background`.
    func digit(ink: UInt8, background: UInt8, size: Int = 28) -> GrayImage {
        let scale = size / 28
        return GrayImage(width: size, height: size, pixels: (0..<(size * size)).map { i in
            let x = i % size / scale, y = i / size / scale
            return (12...15).contains(x) && (4...23).contains(y) ? ink : background
        })
    }

    func testDarkDigitOnPaperIsInverted() {
        let onPaper = digit(ink: 20, background: 240, size: 56)
        XCTAssertTrue(onPaper.hasBrightBorder)
        XCTAssertEqual(onPaper.preparedForMNIST(), digit(ink: 235, background: 15))
    }

    func testWhiteDigitOnBlackIsKept() {
        let mnistLike = digit(ink: 255, background: 0)
        XCTAssertFalse(mnistLike.hasBrightBorder)
        XCTAssertEqual(mnistLike.preparedForMNIST(), mnistLike)
        XCTAssertEqual(digit(ink: 255, background: 0, size: 56).preparedForMNIST(), mnistLike)
    }

    /// "Mostly" is more than half: a border exactly half bright is left as it is.
    func testTheRuleCountsBorderPixels() {
        // 4 × 3: the border is all 10 pixels but the 2 in the middle row's inside.
        var pixels = [UInt8](repeating: 0, count: 12)
        for i in [0, 1, 2, 3, 4] { pixels[i] = 200 }              // 5 of 10 border pixels bright
        pixels[5] = 255; pixels[6] = 255                          // inside pixels do not count
        XCTAssertFalse(GrayImage(width: 4, height: 3, pixels: pixels).hasBrightBorder)
        pixels[11] = 128                                          // 6 of 10
        XCTAssertTrue(GrayImage(width: 4, height: 3, pixels: pixels).hasBrightBorder)
        XCTAssertTrue(GrayImage(width: 1, height: 1, pixels: [128]).hasBrightBorder)
        XCTAssertFalse(GrayImage(width: 1, height: 1, pixels: [127]).hasBrightBorder)
    }

    func testInverted() {
        XCTAssertEqual(GrayImage(width: 3, height: 1, pixels: [0, 100, 255]).inverted().pixels, [255, 155, 0])
    }

    func testDatasetImageAsGrayImage() {
        let (images, labels) = tinyDataset(count: 3, rows: 2, columns: 3)
        let dataset = ImageDataset(images: images.data, labels: labels.data, rows: 2, columns: 3)
        let image = dataset.grayImage(1)
        XCTAssertEqual([image.width, image.height], [3, 2])
        XCTAssertEqual(image.pixels, Array(dataset.image(1)))
        // colour: the mean of the three channels, rounded down
        let colour = ImageDataset(images: [10, 20, 30, 40, 50, 60, 0, 3, 255, 255, 1, 2], labels: [0, 1], rows: 1, columns: 2, channels: 3)
        XCTAssertEqual(colour.grayImage(0).pixels, [30, 40], "(10 + 30 + 50) / 3, (20 + 40 + 60) / 3")
        XCTAssertEqual(colour.grayImage(1).pixels, [85, 86], "(0 + 255 + 1) / 3 = 85.3, (3 + 255 + 2) / 3 = 86.7")
    }
}
