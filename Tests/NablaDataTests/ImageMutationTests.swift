import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

/// Seeded random damage to valid PNG and PGM files: every damaged file must end in a thrown
/// error naming the file, or in a valid image; never in a crash. Besides blind damage (bits,
/// bytes, truncation, insertion, duplicated, deleted and swapped chunks, wrong lengths), some
/// mutations repair the CRC-32 or re-compress the image data, so that they reach the header,
/// the inflater, the filters and the pixel conversion instead of stopping at a checksum.
final class ImageMutationTests: XCTestCase {
    let mutationsPerFormat = (png: 9_000, pgm: 3_000)

    func testDamagedFilesNeverCrash() throws {
        var generator = RandomGenerator(seed: 15_948)
        let pngs = ["gray8", "gray1", "gray16Transparent", "rgb8", "palette8", "palette2", "grayAlpha8", "rgba16"]
            .map { PNGFixtures.named($0).png } + [PNG.encode(randomImage(width: 12, height: 9, seed: 1))]
        let pgms = [PGM.encode(randomImage(width: 9, height: 7, seed: 2)),
                    Array("P5\n# sixteen bits\n3 2\n65535\n".utf8) + (0..<12).map { UInt8($0 * 21) },
                    Array("P2\n# plain\n4 3\n# maxval\n200\n0 10 20 30\n40 50 60 70\n80 90 100 200\n".utf8)]
        var outcomes: [String: Int] = [:]
        func decode(_ bytes: [UInt8], _ name: String) {
            do {
                let image = try GrayImage(decoding: bytes, file: name)
                XCTAssert(image.width >= 1 && image.height >= 1 && image.pixels.count == image.width * image.height)
                outcomes["decoded", default: 0] += 1
            } catch {
                XCTAssertTrue("\(error)".contains(name), "\(error)")
                outcomes["\(error)".contains("CRC") ? "bad CRC" : "other error", default: 0] += 1
            }
        }
        for _ in 0..<mutationsPerFormat.png {
            let original = pngs[generator.int(below: pngs.count)]
            decode(try mutatePNG(original, &generator), "mutant.png")
        }
        for _ in 0..<mutationsPerFormat.pgm {
            decode(mutatePGM(pgms[generator.int(below: pgms.count)], &generator), "mutant.pgm")
        }
        // The damage reached past the checksums, and some of it was harmless (ancillary chunks,
        // bytes after IEND, pixel values).
        XCTAssertGreaterThan(outcomes["other error", default: 0], 4_000, "\(outcomes)")
        XCTAssertGreaterThan(outcomes["decoded", default: 0], 500, "\(outcomes)")
        XCTAssertGreaterThan(outcomes["bad CRC", default: 0], 1_000, "\(outcomes)")
    }

    /// One random kind of damage to the PNG file `png`, which has at least one whole chunk.
    func mutatePNG(_ png: [UInt8], _ generator: inout RandomGenerator) throws -> [UInt8] {
        var bytes = png
        let chunks = chunkRanges(png)
        let chunk = chunks[generator.int(below: chunks.count)]
        func random(_ n: Int) -> Int { generator.int(below: n) }
        switch random(11) {
        case 0:
            for _ in 0...random(3) { bytes[random(bytes.count)] ^= 1 << UInt8(random(8)) }
        case 1:
            bytes[random(bytes.count)] = UInt8(random(256))
        case 2:
            bytes = Array(bytes[..<random(bytes.count)])
        case 3:
            bytes.insert(contentsOf: png[chunk], at: chunks[random(chunks.count)].lowerBound)
        case 4:
            let length = random(2) == 0 ? UInt32(truncatingIfNeeded: generator.next())
                : UInt32(truncatingIfNeeded: chunk.count - 12 + random(17) - 8)
            bytes.replaceSubrange(chunk.lowerBound..<(chunk.lowerBound + 4), with: bigEndian32(length))
        case 5:
            bytes.removeSubrange(chunk)
        case 6:
            bytes.insert(contentsOf: (0...random(16)).map { _ in UInt8(random(256)) }, at: random(bytes.count + 1))
        case 7:
            let other = chunks[random(chunks.count)]
            if other.lowerBound > chunk.lowerBound {
                bytes = Array(png[..<chunk.lowerBound] + png[other] + png[chunk.upperBound..<other.lowerBound] + png[chunk] + png[other.upperBound...])
            }
        case 8:
            // Damage inside a chunk's data, then a correct CRC.
            var (type, data) = split(png, chunk)
            if !data.isEmpty { data[random(data.count)] = UInt8(random(256)) }
            bytes.replaceSubrange(chunk, with: pngFile([(type, data)]).dropFirst(8))
        case 9:
            // Another IHDR (sizes, depth, colour type, interlacing), with a correct CRC.
            let header = chunks[0]
            var (_, data) = split(png, header)
            guard data.count == 13 else { break }
            let field = random(5)
            switch field {
            case 0, 1:
                let size = UInt32([1, 2, 13, 40, 1 << 13, 1 << 31][random(6)])
                data.replaceSubrange((4 * field)..<(4 * field + 4), with: bigEndian32(size))
            case 2: data[8] = [0, 1, 2, 3, 4, 8, 16, 255][random(8)]
            case 3: data[9] = UInt8(random(8))
            default: data[12] = UInt8(random(3))
            }
            bytes.replaceSubrange(header, with: pngFile([("IHDR", data)]).dropFirst(8))
        default:
            // The scanlines themselves damaged (a filter type, a sample, the length), then
            // re-compressed into one IDAT with correct checksums.
            let idats = chunks.filter { split(png, $0).type == "IDAT" }
            guard !idats.isEmpty else { break }
            var scanlines = try Zlib.decompress(idats.flatMap { split(png, $0).data })
            switch random(3) {
            case 0 where !scanlines.isEmpty: scanlines[random(scanlines.count)] = UInt8(random(7))
            case 1 where !scanlines.isEmpty: scanlines[random(scanlines.count)] = UInt8(random(256))
            default: scanlines = random(2) == 0 ? Array(scanlines.dropLast(1 + random(4))) : scanlines + [0, 0, 0]
            }
            bytes = Array(png[..<idats[0].lowerBound]) + pngFile([idat(scanlines)]).dropFirst(8) + png[idats.last!.upperBound...]
        }
        return bytes
    }

    /// The type and data of the chunk at `range` in `png`.
    func split(_ png: [UInt8], _ range: Range<Int>) -> (type: String, data: [UInt8]) {
        (String(decoding: png[(range.lowerBound + 4)..<(range.lowerBound + 8)], as: UTF8.self),
         Array(png[(range.lowerBound + 8)..<(range.upperBound - 4)]))
    }

    /// One random kind of damage to the valid PGM file `pgm`.
    func mutatePGM(_ pgm: [UInt8], _ generator: inout RandomGenerator) -> [UInt8] {
        var bytes = pgm
        func random(_ n: Int) -> Int { generator.int(below: n) }
        let header = min(pgm.count, 30)   // most damage goes to the header, where the parsing is
        switch random(6) {
        case 0:
            for _ in 0...random(3) { bytes[random(header)] ^= 1 << UInt8(random(8)) }
        case 1:
            bytes[random(bytes.count)] = Array("0123456789 #\nP5".utf8)[random(15)]
        case 2:
            bytes = Array(bytes[..<random(bytes.count)])
        case 3:
            bytes.insert(contentsOf: Array(["#", " ", "9", "65536", "\n", "0", "99999999999"][random(7)].utf8), at: random(header))
        case 4:
            let start = random(bytes.count), end = min(bytes.count, start + random(12))
            bytes.insert(contentsOf: pgm[start..<end], at: random(bytes.count))
        default:
            bytes[random(header)] = UInt8(random(256))
        }
        return bytes
    }
}
