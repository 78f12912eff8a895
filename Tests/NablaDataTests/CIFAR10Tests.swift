import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

/// CIFAR-10's binary batches, read from a folder, from loose files and from a .tar.gz archive the
/// test writes (no download in tests), and the archive fetched from a local server.
final class CIFAR10Tests: XCTestCase {
    /// A batch of `count` records: label (start + n) % 10, then value (n + 7c + r + col) % 256 for
    /// channel c, row r, column col, so every position can be checked.
    static func records(count: Int, start: Int) -> [UInt8] {
        (0..<count).flatMap { n -> [UInt8] in
            [UInt8((start + n) % 10)] + (0..<3).flatMap { c in (0..<32).flatMap { r in (0..<32).map { col in UInt8((start + n + 7 * c + r + col) % 256) } } }
        }
    }

    /// Six small batches (two records each) under CIFAR-10's names, with their own checksums.
    static let batches = (0..<6).map { records(count: 2, start: 2 * $0) }
    static let files = zip(CIFAR10.files, batches).map { MNISTFile(name: $0.name, sha256: SHA256.hexDigest(of: $1)) }
    static var archiveBytes: [UInt8] {
        gzipStored(tarArchive([("cifar-10-batches-bin/batches.meta.txt", Array("airplane\n".utf8))]
                              + zip(files, batches).map { ("cifar-10-batches-bin/" + $0.name, $1) }))
    }
    static var archive: MNISTFile { .gzipped("cifar-10-binary.tar", sha256: SHA256.hexDigest(of: archiveBytes)) }

    func assertTinyCIFAR(_ splits: (training: ImageDataset, test: ImageDataset)?, file: StaticString = #filePath, line: UInt = #line) {
        guard let (training, test) = splits else { return XCTFail("nothing loaded", file: file, line: line) }
        XCTAssertEqual([training.count, test.count], [10, 2], file: file, line: line)
        XCTAssertEqual([training.channels, training.rows, training.columns, training.pixelsPerImage], [3, 32, 32, 3072], file: file, line: line)
        XCTAssertEqual(training.labels, (0..<10).map(UInt8.init), "the five batches in order", file: file, line: line)
        XCTAssertEqual(test.labels, [0, 1], file: file, line: line)
        // image 3, channel 2 (blue), row 5, column 9: (3 + 14 + 5 + 9) % 256
        XCTAssertEqual(training.image(3)[training.image(3).startIndex + 2 * 1024 + 5 * 32 + 9], 31, file: file, line: line)
    }

    func testReadsTheFolderTheLooseFilesAndTheArchive() throws {
        let root = try makeTemporaryDirectory(self)
        XCTAssertNil(try CIFAR10.load(directory: root, files: Self.files), "an empty folder holds no CIFAR-10")
        // the archive as downloaded
        try write(Self.archiveBytes, to: root + "/" + CIFAR10.archive.gzipName)
        assertTinyCIFAR(try CIFAR10.load(directory: root, files: Self.files, archive: Self.archive))
        // the extracted folder, which comes first
        let folder = root + "/extracted"
        try FileManager.default.createDirectory(atPath: folder + "/" + CIFAR10.folder, withIntermediateDirectories: true)
        for (file, batch) in zip(Self.files, Self.batches) { try write(batch, to: folder + "/" + CIFAR10.folder + "/" + file.name) }
        assertTinyCIFAR(try CIFAR10.load(directory: folder, files: Self.files))
        // loose files
        let loose = root + "/loose"
        try FileManager.default.createDirectory(atPath: loose, withIntermediateDirectories: true)
        for (file, batch) in zip(Self.files, Self.batches) { try write(batch, to: loose + "/" + file.name) }
        assertTinyCIFAR(try CIFAR10.load(directory: loose, files: Self.files))
        // through --dataset's path: MNIST.load dispatches on the format (checksums off: these are not CIFAR-10's files)
        assertTinyCIFAR(try MNIST.load(dataDirectory: loose, environment: ["HOME": root], dataset: .cifar10, verifyChecksums: false))
        // and with the checksums on, the real ones refuse them, naming the file
        assertThrows(try CIFAR10.load(directory: loose), mentioning: ["data_batch_1.bin", "SHA-256 mismatch", "CIFAR-10's data_batch_1.bin"])
        assertThrows(try CIFAR10.load(directory: root, files: Self.files), mentioning: [CIFAR10.archive.gzipName, "SHA-256 mismatch"])
    }

    func testDamagedBatchesAreRefused() {
        let good = Self.records(count: 2, start: 0)
        assertThrows(try CIFAR10.images(fromRecords: good.dropLast()[...], file: "b.bin"), mentioning: ["b.bin", "6145 bytes", "3073-byte"])
        var badLabel = good
        badLabel[3073] = 10
        assertThrows(try CIFAR10.images(fromRecords: badLabel[...], file: "b.bin"), mentioning: ["b.bin", "record 1 has label 10", "0–9"])
    }

    func testAnArchiveWithoutTheBatchesIsNamed() throws {
        let root = try makeTemporaryDirectory(self)
        let bytes = gzipStored(tarArchive([("cifar-100-binary/train.bin", [1, 2, 3])]))
        try write(bytes, to: root + "/" + CIFAR10.archive.gzipName)
        assertThrows(try CIFAR10.load(directory: root, files: Self.files, archive: .gzipped("cifar-10-binary.tar", sha256: SHA256.hexDigest(of: bytes))),
                     mentioning: ["holds no data_batch_1.bin", "not CIFAR-10's binary archive"])
    }

    /// The archive is fetched as served (no ".gz" added, not decompressed) and checked by the
    /// SHA-256 of the download; offline, the message says what to put where.
    func testTheArchiveIsDownloadedAsServedAndMissingDataIsExplained() throws {
        let root = try makeTemporaryDirectory(self)
        let bytes = Self.archiveBytes
        let server = try LocalHTTPServer { path in path == "/kriz/" + CIFAR10.archive.gzipName ? .init(status: 200, body: bytes) : .notFound }
        addTeardownBlock { server.stop() }
        var downloader = MNISTDownloader(mirrors: [server.url("kriz")])
        downloader.report = { _ in }
        let outcome = try downloader.download([Self.archive], into: root)
        XCTAssertEqual(outcome.obtained, [Self.archive])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/" + CIFAR10.archive.gzipName)), Data(bytes))
        XCTAssertEqual(server.requestedPaths, ["/kriz/" + CIFAR10.archive.gzipName])

        var offline = MNISTDownloader(mirrors: [server.url("nowhere")])
        offline.report = { _ in }
        assertThrows(try CIFAR10.load(dataDirectory: nil, environment: ["HOME": root + "/home"], downloader: offline),
                     mentioning: ["CIFAR-10 is not available", "cifar-10-binary.tar.gz (or its folder cifar-10-batches-bin",
                                  "HTTP 404", "NABLA_CIFAR10_MIRRORS", "CIFAR10_DIR=DIR", "the archive or its folder"])
    }
}
