import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class SafeTensorsTests: XCTestCase {
    func example() -> SafeTensors {
        var file = SafeTensors()
        file.append("0.weight", shape: [2, 3], floats: [1, -2, 3.5, 0, .pi, -0.25])
        file.append("0.bias", shape: [2], floats: [0.5, -1])
        file.append("1.num_batches_tracked", shape: [], integers: [430])
        file.metadata = ["epoch": "3", "model": "lenet"]
        return file
    }

    func testRoundTripKeepsNamesShapesValuesOrderAndMetadata() throws {
        let bytes = example().encoded()
        let read = try SafeTensors.decode(bytes, file: "x.safetensors")
        XCTAssertEqual(read.entries, example().entries)
        XCTAssertEqual(read.metadata, ["epoch": "3", "model": "lenet"])
        let weight = try read.floats("0.weight", file: "x")
        XCTAssertEqual(weight.shape, [2, 3])
        XCTAssertEqual(weight.values, [1, -2, 3.5, 0, .pi, -0.25])
        XCTAssertEqual(read["1.num_batches_tracked"]?.bytes, [174, 1, 0, 0, 0, 0, 0, 0])
    }

    /// The layout of the format: an 8-byte little-endian length, the JSON header padded with
    /// spaces to a multiple of 8, then the tensors' bytes with the offsets the header gives.
    func testTheBytesFollowTheFormat() throws {
        let bytes = example().encoded()
        let headerSize = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        XCTAssertEqual(headerSize % 8, 0)
        let header = try JSON.parse(Array(bytes[8..<(8 + headerSize)]))
        XCTAssertEqual(header["0.weight"]?["dtype"], .string("F32"))
        XCTAssertEqual(header["0.weight"]?["data_offsets"], .array([.number(0), .number(24)]))
        XCTAssertEqual(header["0.bias"]?["data_offsets"], .array([.number(24), .number(32)]))
        XCTAssertEqual(header["1.num_batches_tracked"]?["shape"], .array([]))
        XCTAssertEqual(header["__metadata__"]?["epoch"], .string("3"))
        XCTAssertEqual(bytes.count, 8 + headerSize + 24 + 8 + 8)
        // 1.0 as a little-endian float: 00 00 80 3F
        XCTAssertEqual(Array(bytes[(8 + headerSize)..<(12 + headerSize)]), [0, 0, 0x80, 0x3F])
    }

    func testLyingOrDamagedFilesAreRefusedWithTheReason() throws {
        let good = example().encoded()
        let headerSize = Int(good[0])
        func header(_ text: String, data: [UInt8]) -> [UInt8] {
            var bytes = [UInt8]()
            withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { bytes += $0 }
            return bytes + Array(text.utf8) + data
        }
        let cases: [(String, [UInt8], String)] = [
            ("empty", [], "fewer than the 8"),
            ("truncated data", Array(good.dropLast(4)), "bytes"),
            ("truncated header", Array(good.prefix(20)), "truncated"),
            ("huge header", [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], "100 MB"),
            ("not JSON", header("{nope", data: []), "not JSON"),
            ("not an object", header("[1]", data: []), "start with '{'"),
            ("unknown dtype", header(#"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, data: [0]), "F8_E4M3"),
            ("size mismatch", header(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "needs 8 bytes"),
            ("overlap", header(#"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#,
                               data: [1, 2, 3]), "overlaps"),
            ("gap", header(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, data: [1, 2]), "gap"),
            ("trailing bytes", header(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, data: [1, 2]), "belong to none"),
            ("offsets past the end", header(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,9]}}"#, data: [1]), "outside"),
            ("huge dimension", header(#"{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
                                      data: Array(repeating: 0, count: 8)), "not a size"),
            ("shape larger than the file", header(#"{"a":{"dtype":"F64","shape":[8,8],"data_offsets":[0,8]}}"#,
                                                  data: Array(repeating: 0, count: 8)), "larger than the file"),
            ("metadata not text", header(#"{"__metadata__":{"epoch":3}}"#, data: []), "not a string"),
        ]
        XCTAssertGreaterThan(headerSize, 0)
        for (label, bytes, fragment) in cases {
            XCTAssertThrowsError(try SafeTensors.decode(bytes, file: "bad.safetensors"), label) { error in
                XCTAssertTrue("\(error)".contains("bad.safetensors"), "\(label): \(error)")
                XCTAssertTrue("\(error)".contains(fragment), "\(label): \(error)")
            }
        }
    }

    func testFloatsOfAMissingOrIntegerTensorIsAnErrorNamingIt() throws {
        let file = example()
        assertThrows(try file.floats("2.weight", file: "m.safetensors"), mentioning: ["m.safetensors", "2.weight", "0.bias"])
        assertThrows(try file.floats("1.num_batches_tracked", file: "m.safetensors"), mentioning: ["I64"])
    }

    /// Seeded mutations of a valid file: each decodes to something or throws, never crashes.
    func testMutatedFilesNeverCrash() {
        let good = example().encoded()
        var generator = RandomGenerator(seed: 11)
        var refused = 0
        for _ in 0..<10_000 {
            var bytes = good
            switch generator.int(below: 3) {
            case 0:
                for _ in 0..<(1 + generator.int(below: 4)) { bytes[generator.int(below: bytes.count)] = UInt8(generator.int(below: 256)) }
            case 1: bytes = Array(bytes.prefix(generator.int(below: bytes.count)))
            default: bytes.insert(UInt8(generator.int(below: 256)), at: generator.int(below: bytes.count))
            }
            do { _ = try SafeTensors.decode(bytes, file: "m") } catch { refused += 1 }
        }
        XCTAssertGreaterThan(refused, 5_000, "most mutations must be refused")
    }
}
