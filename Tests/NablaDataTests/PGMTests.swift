import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class PGMTests: XCTestCase {
    func testBinaryWithComments() throws {
        let file = Array("P5\n# made by hand\n3 2\n# maxval next\n255\n".utf8) + [0, 128, 255, 7, 8, 9]
        let image = try PGM.decode(file, file: "hand.pgm")
        XCTAssertEqual([image.width, image.height], [3, 2])
        XCTAssertEqual(image.pixels, [0, 128, 255, 7, 8, 9])
    }

    /// maxval 65535: two bytes per value, most significant first, scaled by 255/65535 and rounded
    /// (32768 → 127.502 → 128; 257 → 1; 65534 → 254.996 → 255).
    func testBinarySixteenBit() throws {
        let file = Array("P5 2 2 65535\n".utf8) + [0x00, 0x00, 0xFF, 0xFF, 0x80, 0x00, 0x01, 0x01]
        XCTAssertEqual(try PGM.decode(file, file: "deep.pgm").pixels, [0, 255, 128, 1])
    }

    func testPlainWithCommentsAndMaxval65535() throws {
        let file = Array("P2\n# a comment\n3 2 # sizes\n65535\n0 65535 32768\n# mid-raster\n  1 257\t65534\n".utf8)
        let image = try PGM.decode(file, file: "plain.pgm")
        XCTAssertEqual([image.width, image.height], [3, 2])
        XCTAssertEqual(image.pixels, [0, 255, 128, 0, 1, 255])
    }

    /// Small maxvals are stretched to 0…255: 15 → ×17, 1 → 0 or 255; maxval 1000 takes two bytes.
    func testSmallAndOddMaxvals() throws {
        XCTAssertEqual(try PGM.decode(Array("P2 4 1 15 0 1 8 15".utf8), file: "a.pgm").pixels, [0, 17, 136, 255])
        XCTAssertEqual(try PGM.decode(Array("P2 2 1 1 0 1".utf8), file: "b.pgm").pixels, [0, 255])
        XCTAssertEqual(try PGM.decode(Array("P5 2 1 1000\n".utf8) + [0x01, 0xF4, 0x03, 0xE8], file: "c.pgm").pixels, [128, 255])
    }

    /// A comment may end the header: its line break is then the single whitespace before the raster.
    func testCommentBeforeBinaryRaster() throws {
        let file = Array("P5 2 1 255#last words\n".utf8) + [35, 10]
        XCTAssertEqual(try PGM.decode(file, file: "c.pgm").pixels, [35, 10])
    }

    func testEncodeAndRoundTrip() throws {
        let tiny = GrayImage(width: 2, height: 1, pixels: [7, 250])
        XCTAssertEqual(PGM.encode(tiny), Array("P5\n2 1\n255\n".utf8) + [7, 250])
        for (width, height) in [(1, 1), (28, 28), (300, 7)] {
            let image = randomImage(width: width, height: height, seed: UInt64(width + height))
            XCTAssertEqual(try PGM.decode(PGM.encode(image), file: "round.pgm"), image)
        }
    }

    func testMalformedFilesAreNamed() {
        let cases: [(String, [UInt8], [String])] = [
            ("above maxval", Array("P2 2 1 10 3 11".utf8), ["pixel 1 is 11, above maxval 10"]),
            ("binary above maxval", Array("P5 2 1 100\n".utf8) + [5, 101], ["pixel 1 is 101"]),
            ("maxval 0", Array("P5 1 1 0\n".utf8) + [0], ["maxval is 0"]),
            ("maxval 65536", Array("P5 1 1 65536\n".utf8) + [0, 0], ["maxval is 65536"]),
            ("width 0", Array("P5 0 3 255\n".utf8), ["0×3"]),
            ("letters", Array("P5 two 3 255\n".utf8), ["expected the width", "found byte 116"]),
            ("glued", Array("P5 2x3 255\n".utf8), ["the width at byte 3 is followed by byte 120"]),
            ("short binary", Array("P5 3 2 255\n".utf8) + [1, 2, 3, 4, 5], ["needs 6 bytes", "has 5", "truncated"]),
            ("short 16-bit", Array("P5 2 1 65535\n".utf8) + [1, 2, 3], ["needs 4 bytes"]),
            ("short plain", Array("P2 3 1 255 1 2".utf8), ["cannot fit", "truncated"]),
            ("plain ends", Array("P2 3 1 255 1 2#x".utf8), ["expected pixel 2 of 3", "the end of the file"]),
            ("no raster", Array("P5 1 1 255".utf8), ["ends before the raster"]),
            ("huge number", Array("P5 99999999999 1 255\n".utf8), ["the width at byte 3 is too large"]),
        ]
        for (name, bytes, fragments) in cases {
            assertThrows(try PGM.decode(bytes, file: "\(name).pgm"), mentioning: ["\(name).pgm", "not a valid PGM file"] + fragments)
        }
        assertThrows(try PGM.decode(Array("P5 100000 100000 255\n".utf8), file: "huge.pgm"),
                     mentioning: ["huge.pgm", "100000 × 100000", "67108864"])
    }
}
