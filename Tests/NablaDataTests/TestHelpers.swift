import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

/// A gzip file holding `data` in stored (uncompressed) DEFLATE blocks of at most 65,535 bytes:
/// valid gzip that needs no compressor, for tests that serve or write .gz files.
func gzipStored(_ data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]
    var start = 0
    repeat {
        let end = min(start + 65535, data.count)
        let length = end - start
        bytes.append(end == data.count ? 1 : 0)                  // BFINAL, BTYPE = 00
        bytes += littleEndian16(length) + littleEndian16(length ^ 0xFFFF)
        bytes += data[start..<end]
        start = end
    } while start < data.count
    return bytes + littleEndian32(CRC32.checksum(data)) + littleEndian32(UInt32(truncatingIfNeeded: data.count))
}

func littleEndian16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
func littleEndian32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Bytes with a skewed letter distribution, from a fixed linear congruential generator: the
/// same as `skewed(n)` in the script that made the gzip fixtures.
func skewedText(_ count: Int) -> [UInt8] {
    let alphabet = Array("eeeeeeetttaaoinshr  ".utf8)
    var x: UInt64 = 1
    return (0..<count).map { _ in
        x = (x &* 1_103_515_245 &+ 12345) % (1 << 31)
        return alphabet[Int((x >> 16) % UInt64(alphabet.count))]
    }
}

/// A tiny IDX dataset in memory: `count` images of rows × columns with pixel (i·7 + p) mod 256
/// and labels i mod 10.
func tinyDataset(count: Int, rows: Int = 2, columns: Int = 3) -> (images: IDXFile, labels: IDXFile) {
    let pixels = rows * columns
    let images = (0..<(count * pixels)).map { UInt8(($0 / pixels * 7 + $0 % pixels) % 256) }
    let labels = (0..<count).map { UInt8($0 % 10) }
    return (IDXFile(elementType: .unsignedByte, shape: [count, rows, columns], data: images),
            IDXFile(elementType: .unsignedByte, shape: [count], data: labels))
}
