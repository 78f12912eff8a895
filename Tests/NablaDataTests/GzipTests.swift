import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class GzipTests: XCTestCase {
    func testFixturesOfEachBlockType() throws {
        let cases: [(String, [UInt8], [UInt8])] = [
            ("empty", GzipFixtures.empty, []),
            ("stored", GzipFixtures.stored, GzipFixtures.storedText),
            ("fixed", GzipFixtures.fixed, GzipFixtures.fixedText),
            ("dynamic", GzipFixtures.dynamic, GzipFixtures.dynamicText),
            ("multiBlock", GzipFixtures.multiBlock, GzipFixtures.multiBlockParts.flatMap { $0 }),
        ]
        for (name, compressed, expected) in cases {
            XCTAssertEqual(try Gzip.decompress(compressed, file: name), expected, name)
        }
    }

    func testStoredBlocksLongerThanOneBlock() throws {
        let data = skewedText(150_000)
        XCTAssertEqual(try Gzip.decompress(gzipStored(data), file: "stored.gz"), data)
    }

    func testMultipleMembersAreConcatenated() throws {
        let both = GzipFixtures.fixed + GzipFixtures.dynamic
        XCTAssertEqual(try Gzip.decompress(both, file: "two.gz"), GzipFixtures.fixedText + GzipFixtures.dynamicText)
    }

    /// FEXTRA, FNAME, FCOMMENT and FHCRC around the dynamic fixture's DEFLATE data.
    func testOptionalHeaderFields() throws {
        let fixture = GzipFixtures.dynamic
        let deflate = fixture[10..<(fixture.count - 8)], trailer = fixture.suffix(8)
        var header: [UInt8] = [0x1F, 0x8B, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3]
        header += littleEndian16(5) + [1, 2, 3, 4, 5]                 // FEXTRA: length, then data
        header += Array("digits.idx".utf8) + [0]                     // FNAME
        header += Array("a comment".utf8) + [0]                      // FCOMMENT
        header += littleEndian16(Int(CRC32.checksum(header) & 0xFFFF)) // FHCRC
        XCTAssertEqual(try Gzip.decompress(header + deflate + trailer, file: "flags.gz"), GzipFixtures.dynamicText)

        var badHeaderCRC = header
        badHeaderCRC[badHeaderCRC.count - 1] ^= 0xFF
        assertThrows(try Gzip.decompress(badHeaderCRC + deflate + trailer, file: "flags.gz"),
                     mentioning: ["flags.gz", "header CRC"])
    }

    func testCorruptedCRCNamesFileAndCRC() {
        var corrupted = GzipFixtures.dynamic
        corrupted[corrupted.count - 6] ^= 0x01
        assertThrows(try Gzip.decompress(corrupted, file: "digits.gz"), mentioning: ["digits.gz", "CRC"])
    }

    func testWrongLengthInTrailer() {
        var corrupted = GzipFixtures.stored
        corrupted[corrupted.count - 4] ^= 0x01
        assertThrows(try Gzip.decompress(corrupted, file: "digits.gz"), mentioning: ["digits.gz", "length"])
    }

    func testEveryTruncationIsAnError() {
        for fixture in [GzipFixtures.stored, GzipFixtures.fixed, GzipFixtures.dynamic, GzipFixtures.multiBlock] {
            for length in 0..<fixture.count {
                XCTAssertThrowsError(try Gzip.decompress(Array(fixture[..<length]), file: "cut.gz"), "length \(length)") { error in
                    XCTAssertTrue("\(error)".hasPrefix("cut.gz: "), "\(error)")
                }
            }
        }
        assertThrows(try Gzip.decompress(Array(GzipFixtures.dynamic.dropLast(3)), file: "cut.gz"),
                     mentioning: ["cut.gz", "truncated"])
    }

    /// No single-bit flip in the compressed data crashes or yields wrong bytes: each is caught
    /// (by the decoder or the CRC), or falls on padding bits that DEFLATE ignores.
    func testBitFlipsAreCaughtOrHarmless() {
        let fixture = GzipFixtures.multiBlock, original = GzipFixtures.multiBlockParts.flatMap { $0 }
        var caught = 0, harmless = 0
        for index in 10..<(fixture.count - 8) {
            for bit in 0..<8 {
                var corrupted = fixture
                corrupted[index] ^= 1 << bit
                if let output = try? Gzip.decompress(corrupted, file: "flip.gz") {
                    XCTAssertEqual(output, original, "byte \(index) bit \(bit)")
                    harmless += 1
                } else {
                    caught += 1
                }
            }
        }
        // The padding: 6 bits after the final block, up to 7 before each of the two empty stored blocks.
        XCTAssertLessThanOrEqual(harmless, 20)
        XCTAssertGreaterThan(caught, 8 * (fixture.count - 18) - 20)
    }

    func testMalformedHeadersAndBlocks() {
        assertThrows(try Gzip.decompress(Array("not gzip at all".utf8), file: "text.gz"),
                     mentioning: ["text.gz", "magic"])
        var method = GzipFixtures.fixed
        method[2] = 7
        assertThrows(try Gzip.decompress(method, file: "m.gz"), mentioning: ["m.gz", "compression method 7"])
        // A block of reserved type 3: header byte 0b111 (final, type 3).
        let reservedType: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0, 0, 0, 0, 0, 0, 0, 0]
        assertThrows(try Gzip.decompress(reservedType, file: "r.gz"), mentioning: ["r.gz", "reserved type 3"])
        assertThrows(try Gzip.decompress(GzipFixtures.fixed + [1, 2, 3], file: "tail.gz"),
                     mentioning: ["tail.gz", "after the last member"])
    }

    /// Round trip through the system's gzip, when there is one: real encoder output at several
    /// levels on 300 kB of text and image-like bytes (long runs of zeros, as in MNIST).
    func testRoundTripWithSystemGzip() throws {
        let gzipPath = "/usr/bin/gzip"
        guard FileManager.default.isExecutableFile(atPath: gzipPath) else {
            throw XCTSkip("\(gzipPath) not found: the round trip against a system gzip is skipped")
        }
        let directory = try makeTemporaryDirectory(self)
        var generator = RandomGenerator(seed: 7)
        let imageLike = (0..<100_000).map { i in i % 28 < 8 || i % 28 > 20 ? 0 : UInt8(generator.int(below: 256)) }
        let data = skewedText(200_000) + imageLike
        let input = directory + "/data"
        try write(data, to: input)
        for level in ["-1", "-6", "-9"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: gzipPath)
            process.arguments = [level, "-c", "-n", input]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let compressed = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
            XCTAssertEqual(try Gzip.decompress(compressed, file: "data.gz"), data, "gzip \(level)")
        }
    }

    /// Issue 10, item 9: a small file that inflates to far more than it should hold is stopped
    /// at the limit, before more is allocated, and the message says why.
    func testInflationBeyondTheLimitIsRefused() throws {
        // 3 MB of zeros compress to about 3 kB (DEFLATE's ratio approaches 1032:1).
        let zeros = [UInt8](repeating: 0, count: 3_000_000)
        let bomb = try systemGzip(zeros)
        XCTAssertLessThan(bomb.count, 10_000)
        assertThrows(try Gzip.decompress(bomb, file: "bomb.gz", limit: 60_008, limitReason: "train-labels holds exactly 60008 bytes"),
                     mentioning: ["bomb.gz", "inflates to more than 60008 bytes", "train-labels holds exactly 60008 bytes"])
        XCTAssertEqual(try Gzip.decompress(bomb, file: "bomb.gz", limit: zeros.count), zeros, "exactly the limit is allowed")
        // Two members whose total passes the limit.
        let small = gzipStored([UInt8](repeating: 7, count: 600))
        assertThrows(try Gzip.decompress(small + small, file: "two.gz", limit: 1000), mentioning: ["more than 1000 bytes"])
        // The MNIST loader derives the limit from the file it expects: 48 MB of zeros in 47 kB
        // under each name stop at 47,040,016 bytes, the size of the training images.
        let bigBomb = try systemGzip([UInt8](repeating: 0, count: 48_000_000))
        XCTAssertLessThan(bigBomb.count, 100_000)
        let directory = try makeTemporaryDirectory(self)
        for file in MNISTFile.all { try write(bigBomb, to: directory + "/" + file.gzipName) }
        assertThrows(try MNIST.load(directory: directory),
                     mentioning: [directory + "/train-images-idx3-ubyte.gz", "inflates to more than 47040016 bytes",
                                  "train-images-idx3-ubyte holds exactly 47040016 bytes", "delete it"])
    }

    /// Issue 10, item 15: zero bytes after the last member, as some tools pad files, are ignored
    /// (GNU gzip and Python accept them); other trailing data stays an error.
    func testZeroPaddingAfterTheLastMemberIsIgnored() throws {
        XCTAssertEqual(try Gzip.decompress(GzipFixtures.fixed + [UInt8](repeating: 0, count: 512), file: "padded.gz"),
                       GzipFixtures.fixedText)
        XCTAssertEqual(try Gzip.decompress(GzipFixtures.fixed + [0] + GzipFixtures.fixed.prefix(0), file: "one.gz"), GzipFixtures.fixedText)
        assertThrows(try Gzip.decompress(GzipFixtures.fixed + [0, 0, 1], file: "tail.gz"), mentioning: ["tail.gz", "after the last member"])
    }

    /// `data` compressed by /usr/bin/gzip -9, or a skip when there is none.
    func systemGzip(_ data: [UInt8]) throws -> [UInt8] {
        let gzipPath = "/usr/bin/gzip"
        guard FileManager.default.isExecutableFile(atPath: gzipPath) else { throw XCTSkip("\(gzipPath) not found") }
        let directory = try makeTemporaryDirectory(self)
        try write(data, to: directory + "/data")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzipPath)
        process.arguments = ["-9", "-c", "-n", directory + "/data"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let compressed = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return compressed
    }

    func testInflateReportsWhereTheStreamEnds() throws {
        let fixture = GzipFixtures.dynamic
        let result = try fixture.withUnsafeBufferPointer { try Inflate.decompress($0, startingAt: 10) }
        XCTAssertEqual(result.bytes, GzipFixtures.dynamicText)
        XCTAssertEqual(result.end, fixture.count - 8)
    }

    /// The output goes straight into the result's storage when the expected size is right, and
    /// moves to a buffer of its own when it outgrows a wrong guess: both give the same bytes.
    func testOutputThatOutgrowsTheExpectedSizeIsStillWhole() throws {
        let fixture = GzipFixtures.dynamic
        for expected in [0, 1, 1024, GzipFixtures.dynamicText.count, 10 * GzipFixtures.dynamicText.count] {
            let result = try fixture.withUnsafeBufferPointer { try Inflate.decompress($0, startingAt: 10, expectedSize: expected) }
            XCTAssertEqual(result.bytes, GzipFixtures.dynamicText, "expected size \(expected)")
            XCTAssertEqual(result.end, fixture.count - 8, "expected size \(expected)")
        }
        let long = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) })
        let compressed = try systemGzip(long)
        let outgrown = try compressed.withUnsafeBufferPointer { try Inflate.decompress($0, startingAt: 10, expectedSize: 1000) }
        XCTAssertEqual(outgrown.bytes, long)
    }
}

/// Issue 10, item 15: a directory where a file should be is named as such, never as
/// "NSCocoaErrorDomain error 256".
final class UnreadableFileTests: XCTestCase {
    func testADirectoryInPlaceOfAnMNISTFileIsNamedInWords() throws {
        let directory = try makeTemporaryDirectory(self)
        for file in MNISTFile.all { try FileManager.default.createDirectory(atPath: directory + "/" + file.name, withIntermediateDirectories: false) }
        XCTAssertThrowsError(try MNIST.load(directory: directory)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(directory + "/train-images-idx3-ubyte: is a directory where a file was expected"), message)
            XCTAssertFalse(message.contains("Domain"), message)
        }
        assertThrows(try Gzip.contents(ofFile: directory + "/absent"), mentioning: ["absent: no such file"])
    }
}
