import XCTest
import NablaData

final class ChecksumTests: XCTestCase {
    func testCRC32StandardVectors() {
        XCTAssertEqual(CRC32.checksum([]), 0)
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)), 0x414F_A339)
    }

    func testCRC32InPartsEqualsWhole() {
        let data = skewedText(1000)
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            var crc = CRC32()
            crc.update(Array(data[..<split]))
            crc.update(Array(data[split...]))
            XCTAssertEqual(crc.value, CRC32.checksum(data), "split at \(split)")
        }
    }

    // FIPS 180-4 example messages (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf").
    func testSHA256StandardVectors() {
        XCTAssertEqual(SHA256.hexDigest(of: []),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest(of: Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                                   + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    func testSHA256OfOneMillionA() {
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testSHA256InPartsEqualsWhole() {
        let data = skewedText(300)
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
            var hasher = SHA256()
            hasher.update(Array(data[..<split]))
            hasher.update(Array(data[split...]))
            XCTAssertEqual(hasher.finalize(), SHA256.digest(of: data), "split at \(split)")
        }
        // Every length around the padding boundaries (55, 56, 64 bytes) against a one-byte-at-a-time hasher.
        for length in 50...130 {
            var hasher = SHA256()
            for byte in data[..<length] { hasher.update([byte]) }
            XCTAssertEqual(hasher.finalize(), SHA256.digest(of: Array(data[..<length])), "length \(length)")
        }
    }
}
