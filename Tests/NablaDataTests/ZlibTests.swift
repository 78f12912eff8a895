import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class ZlibTests: XCTestCase {
    /// Values from Python's zlib.adler32; 100,000 bytes of 255 is the worst case for the delayed
    /// reduction of the sums (NMAX).
    func testAdler32KnownValues() {
        XCTAssertEqual(Adler32.checksum([]), 1)
        XCTAssertEqual(Adler32.checksum(Array("Wikipedia".utf8)), 0x11E6_0398)
        XCTAssertEqual(Adler32.checksum(skewedText(100_000)), 0xE18E_AFB3)
        XCTAssertEqual(Adler32.checksum([UInt8](repeating: 255, count: 100_000)), 0x149A_302C)
        var inParts = Adler32()
        let data = skewedText(100_000)
        inParts.update(Array(data[..<12_345]))
        inParts.update(Array(data[12_345...]))
        XCTAssertEqual(inParts.value, 0xE18E_AFB3)
    }

    /// zlib.compress(skewed(300), 9) in Python: a dynamic Huffman block inside the zlib wrapper.
    func testDecompressesPythonZlib() throws {
        let compressed = fromBase64("""
            eNoljkEOBEEIAr/i1ziQ6MVOlP9ncbYPE0dKIKIWQjxK9BOHDK8aZJJNj8U89QP84xfU+INGaLxHZP9xVjJws/mtjlN7uCw2VF2Oo6xP
            AXFm4PsszRjJ4fhIzGJ5Kse4ioIlzPPx1ySYe9eqWyQBE7r6fX69Ssv5IKKeK9jS+euMt/GAFa7amcumpa/DYTKuTy5H9FMNsa0fGfp1HA==
            """)
        XCTAssertEqual(try Zlib.decompress(compressed), skewedText(300))
    }

    /// Stored streams of 0, 1, exactly one full block, one byte more, and several blocks.
    func testStoredStreamRoundTrip() throws {
        for count in [0, 1, 65_535, 65_536, 200_000] {
            let data = skewedText(count)
            let stream = Zlib.storedStream(data)
            XCTAssertEqual(Array(stream.prefix(2)), [0x78, 0x01])
            XCTAssertEqual(stream.count, 2 + max(1, (count + 65_534) / 65_535) * 5 + count + 4, "\(count) bytes")
            XCTAssertEqual(try Zlib.decompress(stream), data, "\(count) bytes")
        }
    }

    func testMalformedStreamsAreNamed() {
        let good = Zlib.storedStream(Array("pixels".utf8))
        func damaged(_ change: (inout [UInt8]) -> Void) -> [UInt8] { var bytes = good; change(&bytes); return bytes }
        let cases: [([UInt8], String)] = [
            (Array(good.prefix(5)), "shorter than a zlib header"),
            (damaged { $0[0] = 0x79 }, "compression method 9"),
            (damaged { $0[0] = 0x88 }, "a window of 2^16 bytes"),
            (damaged { $0[1] ^= 1 }, "header check bits"),
            (damaged { $0[1] = 0x20 }, "preset dictionary"),          // 0x7820 = 31 · 992: FCHECK still right
            (damaged { $0[$0.count - 1] ^= 1 }, "Adler-32 mismatch"),
            (Array(good.dropLast(2)), "before its Adler-32 checksum"),
            (good + [0], "1 bytes follow the end"),
            (Array(good[..<8]) + [0, 0, 0, 0], "ends in the middle of a block"),
        ]
        for (bytes, fragment) in cases {
            XCTAssertThrowsError(try Zlib.decompress(bytes), fragment) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"")
            }
        }
    }
}
