import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class GrayImageFileTests: XCTestCase {
    /// Written files are read back, the format told by the first bytes, not by the name.
    func testWriteAndLoadBothFormats() throws {
        let directory = try makeTemporaryDirectory(self)
        let image = randomImage(width: 28, height: 19, seed: 3)
        try image.writePNG(to: directory + "/digit.png")
        try image.writePGM(to: directory + "/digit.pgm")
        XCTAssertEqual(try GrayImage.loading(path: directory + "/digit.png"), image)
        XCTAssertEqual(try GrayImage.loading(path: directory + "/digit.pgm"), image)
        try FileManager.default.moveItem(atPath: directory + "/digit.png", toPath: directory + "/misnamed.pgm")
        XCTAssertEqual(try GrayImage.loading(path: directory + "/misnamed.pgm"), image)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["digit.pgm", "misnamed.pgm"],
                       "no temporary file is left behind")
    }

    func testDecodingChoosesTheFormat() throws {
        let fixture = PNGFixtures.named("rgba8")
        XCTAssertEqual(try GrayImage(decoding: fixture.png, file: "a.png").pixels, fixture.gray)
        XCTAssertEqual(try GrayImage(decoding: Array("P2 1 1 255 9".utf8), file: "b.pgm").pixels, [9])
        XCTAssertEqual(try GrayImage(decoding: Array("P5 1 1 255\n".utf8) + [9], file: "c.pgm").pixels, [9])
    }

    func testOtherFormatsAreRefusedWithAdvice() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46]
        for (name, bytes) in [("photo.jpg", jpeg), ("colour.ppm", Array("P6 1 1 255\n".utf8) + [1, 2, 3]), ("empty.png", [])] {
            assertThrows(try GrayImage(decoding: bytes, file: name),
                         mentioning: [name, "is not a PNG or PGM file: convert it", "convert in.jpg -colorspace gray out.png"])
        }
    }

    func testReadAndWriteErrorsNameTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        assertThrows(try GrayImage.loading(path: directory + "/absent.png"), mentioning: ["absent.png", "no such file"])
        let image = GrayImage(width: 1, height: 1, pixels: [0])
        assertThrows(try image.writePNG(to: directory + "/no/such/dir/out.png"),
                     mentioning: ["out.png", "cannot be written", "choose a writable directory"])
    }

    func testPixelAccess() {
        let image = GrayImage(width: 3, height: 2, pixels: [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(image[2, 0], 2)
        XCTAssertEqual(image[0, 1], 3)
        XCTAssertEqual(image[2, 1], 5)
    }
}
