import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

/// Issue 10, item 1: a writer must never destroy what a path names. Atomic replace is for regular
/// files; a device or a FIFO is written plainly; a directory or a disk is refused; destinations are
/// checked before any work.
final class OutputFileTests: XCTestCase {
    func fileType(_ path: String) -> mode_t {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0, path)
        return info.st_mode & mode_t(S_IFMT)
    }

    func testDevNullStaysADevice() throws {
        XCTAssertEqual(fileType("/dev/null"), mode_t(S_IFCHR))
        try OutputFile.check("/dev/null")
        try OutputFile.write(Array("{}\n".utf8), to: "/dev/null")
        XCTAssertEqual(fileType("/dev/null"), mode_t(S_IFCHR), "/dev/null was replaced")
    }

    func testAFIFOIsWrittenPlainlyAndStaysAFIFO() throws {
        let directory = try makeTemporaryDirectory(self)
        let fifo = directory + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = ReceivedBytes()
        let reader = Thread {
            received.set(FileHandle(forReadingAtPath: fifo).map { [UInt8]($0.readDataToEndOfFile()) })
        }
        reader.start()
        try OutputFile.write(Array("report".utf8), to: fifo)
        XCTAssertTrue(received.wait(seconds: 10), "the reader never finished")
        XCTAssertEqual(received.bytes, Array("report".utf8))
        XCTAssertEqual(fileType(fifo), mode_t(S_IFIFO))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["pipe"], "a temporary file was left")
    }

    func testADirectoryIsRefusedAndLeftAlone() throws {
        let directory = try makeTemporaryDirectory(self)
        try write([1, 2], to: directory + "/inside")
        assertThrows(try OutputFile.check(directory), mentioning: [directory, "is a directory", "report.json"])
        assertThrows(try OutputFile.write([0], to: directory), mentioning: [directory, "is a directory", "nothing was written"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["inside"])
    }

    func testPlacesWhereNoFileCanBeCreatedAreRefusedBeforeAnyWork() throws {
        let directory = try makeTemporaryDirectory(self)
        assertThrows(try OutputFile.check(directory + "/missing/report.json"),
                     mentioning: [directory + "/missing/report.json", "does not exist"])
        try write([1], to: directory + "/file")
        assertThrows(try OutputFile.check(directory + "/file/report.json"), mentioning: ["is not a directory"])
        #if os(Linux)
        // /proc takes no new files, even from root.
        assertThrows(try OutputFile.check("/proc/x.json"), mentioning: ["/proc/x.json", "no new file can be created in /proc"])
        #endif
        assertThrows(try OutputFile.check(""), mentioning: ["empty file name"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["file"], "the probe left a file")
    }

    func testARegularFileIsReplacedWholeWithNoTemporaryFileLeft() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/report.json"
        try OutputFile.check(path)
        try OutputFile.write(Array("first".utf8), to: path)
        try OutputFile.write(Array("second".utf8), to: path)
        XCTAssertEqual(try Gzip.contents(ofFile: path), Array("second".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["report.json"])
    }

    func testASymbolicLinkIsFollowedAndKept() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(Array("old".utf8), to: directory + "/target.json")
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.json", withDestinationPath: directory + "/target.json")
        try OutputFile.write(Array("new".utf8), to: directory + "/link.json")
        XCTAssertEqual(fileType(directory + "/link.json"), mode_t(S_IFLNK))
        XCTAssertEqual(try Gzip.contents(ofFile: directory + "/target.json"), Array("new".utf8))
    }
}

/// What a reader thread received, and when it finished.
final class ReceivedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var value: [UInt8]?

    func set(_ bytes: [UInt8]?) {
        lock.withLock { value = bytes }
        done.signal()
    }

    func wait(seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }
    var bytes: [UInt8]? { lock.withLock { value } }
}
