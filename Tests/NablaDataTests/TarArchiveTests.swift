import XCTest
import NablaCore
import NablaData
import NablaTestSupport

/// The tar reader against archives Python's `tarfile` wrote, one per header format, and against
/// damaged archives.
final class TarArchiveTests: XCTestCase {
    static let longPath = "cifar-10-batches-bin/" + String(repeating: "a-folder-whose-name-is-long-enough/", count: 3) + "data.bin"

    /// Every format gives the same members: a directory, a short file, a file whose 134-character
    /// path needs ustar's prefix, GNU's "L" header or a pax "path" record, an empty file, a link.
    func testReadsArchivesOfEachFormat() throws {
        for (format, gzip) in [("ustar", TarFixtures.ustar), ("gnu", TarFixtures.gnu), ("pax", TarFixtures.pax)] {
            let archive = try TarArchive(bytes: try Gzip.decompress(gzip, file: format), file: format)
            XCTAssertEqual(archive.entries.map(\.path), ["cifar-10-batches-bin/", "cifar-10-batches-bin/hello.txt", Self.longPath, "empty", "link"], format)
            XCTAssertEqual(archive.entries.map(\.kind), [.directory, .file, .file, .file, .other(UInt8(ascii: "2"))], format)
            XCTAssertEqual(archive.contents(of: "hello.txt").map(Array.init), Array("hello, tar\n".utf8), format)
            XCTAssertEqual(archive.contents(of: Self.longPath).map(Array.init), (0..<3).flatMap { _ in (0...255).map(UInt8.init) }, format)
            XCTAssertEqual(archive.contents(of: "empty")?.count, 0, format)
            XCTAssertNil(archive.contents(of: "link"), "a link has no content: \(format)")
            XCTAssertNil(archive.contents(of: "missing.bin"), format)
            XCTAssertNil(archive.contents(of: "ello.txt"), "a name matches whole path parts only: \(format)")
        }
    }

    func testDamagedArchivesAreRefusedWithTheOffset() throws {
        let tar = try Gzip.decompress(TarFixtures.ustar, file: "ustar")
        var flipped = tar
        flipped[512 + 10] ^= 1  // a byte of the second header's name
        assertThrows(try TarArchive(bytes: flipped, file: "x.tar"), mentioning: ["x.tar", "byte 512", "checksum"])
        assertThrows(try TarArchive(bytes: Array(tar[..<(512 + 512 + 4)]), file: "cut.tar"),
                     mentioning: ["cut.tar", "byte 512", "announces 11 bytes", "ends 4 bytes later"])
        assertThrows(try TarArchive(bytes: Array("not a tar file at all".utf8) + [UInt8](repeating: 32, count: 600), file: "text"),
                     mentioning: ["text", "byte 0", "not a tar file"])
        XCTAssertEqual(try TarArchive(bytes: [], file: "empty").entries, [], "no blocks: no members")
    }
}

/// A ustar archive of `files` (path, content), written as POSIX says, for tests that need one.
func tarArchive(_ files: [(path: String, content: [UInt8])]) -> [UInt8] {
    var bytes: [UInt8] = []
    for (path, content) in files {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) { for (i, byte) in text.utf8.enumerated() { header[offset + i] = byte } }
        put(path, at: 0)
        put("0000644", at: 100)
        put(String(content.count, radix: 8).leftPadded(to: 11), at: 124)
        put("00000000000", at: 136)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        // chksum: the sum of the header with the field itself as 8 spaces, in 6 octal digits, NUL, space
        put("        ", at: 148)
        put(String(header.reduce(0) { $0 + Int($1) }, radix: 8).leftPadded(to: 6), at: 148)
        header[154] = 0
        bytes += header + content + [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }
    return bytes + [UInt8](repeating: 0, count: 1024)
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(width - count, 0)) + self }
}
