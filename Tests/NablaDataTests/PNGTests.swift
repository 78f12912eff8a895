import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class PNGTests: XCTestCase {
    /// Every fixture from the independent encoder decodes to the gray pixels the script computed.
    func testFilesFromAnIndependentEncoder() throws {
        for fixture in PNGFixtures.all {
            let image = try PNG.decode(fixture.png, file: fixture.name)
            XCTAssertEqual(image.width, fixture.width, fixture.name)
            XCTAssertEqual(image.height, fixture.height, fixture.name)
            XCTAssertEqual(image.pixels, fixture.gray, fixture.name)
        }
        // Colour type / bit depth: bytes 25 and 24 of a file (IHDR's data starts at 16).
        let kinds = Set(PNGFixtures.all.map { "\($0.png[25])/\($0.png[24])" })
        XCTAssertEqual(kinds, ["0/1", "0/2", "0/4", "0/8", "0/16", "2/8", "2/16", "3/2", "3/8", "4/8", "4/16", "6/8", "6/16"])
    }

    /// The fixtures use every filter type: the first byte of each scanline, read from the inflated IDAT data.
    func testFixturesUseEveryFilterType() throws {
        var filterTypes = Set<UInt8>()
        for fixture in PNGFixtures.all {
            let png = fixture.png
            let chunks = chunkRanges(png)
            let imageData = chunks.filter { String(decoding: png[($0.lowerBound + 4)..<($0.lowerBound + 8)], as: UTF8.self) == "IDAT" }
                .flatMap { png[($0.lowerBound + 8)..<($0.upperBound - 4)] }
            let scanlines = try Zlib.decompress(imageData)
            let stride = scanlines.count / fixture.height
            XCTAssertEqual(stride * fixture.height, scanlines.count, fixture.name)
            for row in 0..<fixture.height { filterTypes.insert(scanlines[row * stride]) }
        }
        XCTAssertEqual(filterTypes, [0, 1, 2, 3, 4])
    }

    func testInterlacedFilesAreRefusedWithAdvice() {
        assertThrows(try PNG.decode(PNGFixtures.interlaced, file: "adam7.png"),
                     mentioning: ["adam7.png", "interlaced PNG is not supported: save it without interlacing"])
    }

    func testBadCRCIsRefused() {
        let fixture = PNGFixtures.named("rgb8").png
        for chunk in chunkRanges(fixture) {
            for position in [chunk.lowerBound + 4, chunk.upperBound - 1] {   // the type, the CRC
                var damaged = fixture
                damaged[position] ^= 0x02
                assertThrows(try PNG.decode(damaged, file: "crc.png"), mentioning: ["crc.png", "CRC", "damaged file"])
            }
        }
    }

    func testEveryTruncationIsRefused() {
        let fixture = PNGFixtures.named("palette8").png
        for length in 0..<fixture.count {
            XCTAssertThrowsError(try PNG.decode(Array(fixture[..<length]), file: "cut.png"), "length \(length)") { error in
                XCTAssertTrue("\(error)".contains("cut.png"), "\(error)")
            }
        }
        assertThrows(try PNG.decode(Array(fixture.dropLast(12)), file: "cut.png"), mentioning: ["before an IEND chunk", "truncated"])
        assertThrows(try PNG.decode(Array(fixture.dropLast(20)), file: "cut.png"), mentioning: ["the file ends", "truncated"])
    }

    /// IHDR's sizes are checked before anything is allocated: a 2^31 − 1 square would need 2^62 bytes.
    func testHugeSizesAreRefusedFromTheHeader() {
        let tinyData = idat([0, 0])
        assertThrows(try PNG.decode(pngFile([ihdr(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF), tinyData, iend]), file: "huge.png"),
                     mentioning: ["huge.png", "2147483647 × 2147483647", "67108864", "shrink it"])
        assertThrows(try PNG.decode(pngFile([ihdr(width: 1 << 31, height: 1 << 31), tinyData, iend]), file: "huge.png"),
                     mentioning: ["huge.png", "width of 2147483648", "1 to 2^31 − 1"])
        assertThrows(try PNG.decode(pngFile([ihdr(width: 8193, height: 8192, depth: 16, color: 6), tinyData, iend]), file: "big.png"),
                     mentioning: ["8193 × 8192"])
        assertThrows(try PNG.decode(pngFile([ihdr(width: 0, height: 5), tinyData, iend]), file: "empty.png"),
                     mentioning: ["width of 0"])
    }

    func testRoundTripOfSeveralSizes() throws {
        // 257 × 300 needs two stored blocks; 1100 × 1000 two IDAT chunks.
        for (width, height) in [(1, 1), (28, 28), (3, 200), (300, 7), (257, 300), (1100, 1000)] {
            let image = randomImage(width: width, height: height, seed: UInt64(width * 1000 + height))
            let encoded = PNG.encode(image)
            XCTAssertEqual(try PNG.decode(encoded, file: "round.png"), image, "\(width)×\(height)")
        }
    }

    /// The encoder writes, byte for byte, what Python's zlib (level 0: stored blocks) and struct write.
    func testEncoderMatchesAnIndependentEncoder() {
        let image = GrayImage(width: 5, height: 3, pixels: (0..<3).flatMap { y in (0..<5).map { x in UInt8((50 * x + 7 * y) % 256) } })
        XCTAssertEqual(PNG.encode(image), PNGFixtures.encoded5x3)
    }

    /// Files that break one rule of the format each, with valid checksums; the message says which.
    func testInvalidStructureIsNamed() {
        let gray2x2 = idat([0, 10, 20, 0, 30, 40])
        let cases: [(String, [(type: String, data: [UInt8])], [String])] = [
            ("no IDAT", [ihdr(width: 2, height: 2), iend], ["no IDAT chunk"]),
            ("IHDR not first", [gray2x2, ihdr(width: 2, height: 2), iend], ["the first chunk is IDAT, not IHDR"]),
            ("two IHDR", [ihdr(width: 2, height: 2), ihdr(width: 2, height: 2), gray2x2, iend], ["a second IHDR"]),
            ("IDAT split", [ihdr(width: 2, height: 2), ("IDAT", Array(gray2x2.data[..<5])), ("tEXt", Array("a\0b".utf8)),
                            ("IDAT", Array(gray2x2.data[5...])), iend], ["IDAT chunks must follow one another"]),
            ("unknown critical", [ihdr(width: 2, height: 2), ("ZZZZ", [1]), gray2x2, iend], ["ZZZZ is critical", "re-save"]),
            ("filter 5", [ihdr(width: 2, height: 2), idat([0, 10, 20, 5, 30, 40]), iend], ["scanline 1 has filter type 5"]),
            ("short data", [ihdr(width: 2, height: 2), idat([0, 10, 20, 0, 30]), iend], ["holds 5 bytes", "needs 6"]),
            ("long data", [ihdr(width: 2, height: 2), idat([0, 10, 20, 0, 30, 40, 0]), iend], ["holds 7 bytes", "needs 6"]),
            ("RGB at 4 bits", [ihdr(width: 2, height: 2, depth: 4, color: 2), gray2x2, iend], ["bit depth 4 for RGB"]),
            ("colour type 5", [ihdr(width: 2, height: 2, color: 5), gray2x2, iend], ["colour type 5"]),
            ("no PLTE", [ihdr(width: 2, height: 2, color: 3), gray2x2, iend], ["without a PLTE chunk"]),
            ("palette index", [ihdr(width: 2, height: 2, color: 3), ("PLTE", [1, 2, 3, 4, 5, 6]), idat([0, 0, 1, 0, 1, 2]), iend],
             ["pixel (1, 1) is palette entry 2", "2 entries"]),
            ("PLTE in gray", [ihdr(width: 2, height: 2), ("PLTE", [1, 2, 3]), gray2x2, iend], ["PLTE chunk in a grayscale image"]),
            ("PLTE size", [ihdr(width: 2, height: 2, color: 3), ("PLTE", [1, 2, 3, 4]), gray2x2, iend], ["PLTE holds 4 bytes"]),
            ("long tRNS", [ihdr(width: 2, height: 2, color: 3), ("PLTE", [1, 2, 3]), ("tRNS", [1, 2]), gray2x2, iend],
             ["2 alpha values for a palette of 1"]),
            ("tRNS in RGBA", [ihdr(width: 1, height: 1, color: 6), ("tRNS", [0, 0, 0, 0, 0, 0]), idat([0, 1, 2, 3, 4]), iend],
             ["tRNS chunk in a RGBA image"]),
            ("late PLTE", [ihdr(width: 2, height: 2, color: 3), gray2x2, ("PLTE", [1, 2, 3]), iend], ["after the image data"]),
            ("bad Adler-32", [ihdr(width: 2, height: 2), ("IDAT", Array(gray2x2.data.dropLast()) + [gray2x2.data.last! ^ 1]), iend],
             ["Adler-32 mismatch"]),
            ("zlib method", [ihdr(width: 2, height: 2), ("IDAT", [0x79] + gray2x2.data.dropFirst()), iend], ["compression method 9"]),
            ("not PNG", [], ["signature"]),
        ]
        for (name, chunks, fragments) in cases {
            let bytes = name == "not PNG" ? Array("GIF89a".utf8) : pngFile(chunks)
            assertThrows(try PNG.decode(bytes, file: "\(name).png"), mentioning: ["\(name).png"] + fragments)
        }
        // Bytes after IEND are ignored, as are unknown ancillary chunks.
        let trailing = pngFile([ihdr(width: 2, height: 2), ("zzZZ", [9]), gray2x2, iend]) + [1, 2, 3]
        XCTAssertEqual(try PNG.decode(trailing, file: "t.png").pixels, [10, 20, 30, 40])
    }
}
