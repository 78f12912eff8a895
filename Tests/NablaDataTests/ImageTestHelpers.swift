import Foundation
import NablaCore
import NablaData

/// A PNG file made of `chunks` (type, data), each given its length and CRC-32: for tests that
/// need a particular file, valid or not in its content but never in its checksums.
func pngFile(_ chunks: [(type: String, data: [UInt8])]) -> [UInt8] {
    PNG.signature + chunks.flatMap { chunk in
        let body = Array(chunk.type.utf8) + chunk.data
        return bigEndian32(UInt32(chunk.data.count)) + body + bigEndian32(CRC32.checksum(body))
    }
}

/// An IHDR chunk (PNG 11.2.2); compression and filter methods 0.
func ihdr(width: UInt32, height: UInt32, depth: UInt8 = 8, color: UInt8 = 0, interlace: UInt8 = 0) -> (type: String, data: [UInt8]) {
    ("IHDR", bigEndian32(width) + bigEndian32(height) + [depth, color, 0, 0, interlace])
}

/// An IDAT chunk holding `scanlines` (each with its filter-type byte) as a stored zlib stream.
func idat(_ scanlines: [UInt8]) -> (type: String, data: [UInt8]) { ("IDAT", Zlib.storedStream(scanlines)) }

let iend: (type: String, data: [UInt8]) = ("IEND", [])

func bigEndian32(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

/// Where each chunk of the PNG file `png` starts and ends (length, type, data and CRC), up to
/// the first one that does not fit in the file.
func chunkRanges(_ png: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = [], offset = PNG.signature.count
    while offset + 12 <= png.count {
        let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        guard length <= png.count - offset - 12 else { break }
        ranges.append(offset..<(offset + 12 + length))
        offset += 12 + length
    }
    return ranges
}

/// A `width` × `height` image of seeded random pixels.
func randomImage(width: Int, height: Int, seed: UInt64) -> GrayImage {
    var generator = RandomGenerator(seed: seed)
    return GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { _ in UInt8(generator.int(below: 256)) })
}
