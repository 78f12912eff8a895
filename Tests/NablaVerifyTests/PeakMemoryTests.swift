import XCTest
import Foundation
import NablaVerify

/// `peakMemoryBytes` reads this program's own high-water mark (Linux: VmHWM), not `ru_maxrss`,
/// which Linux carries across `exec` from whatever started the program (`swift run`: SwiftPM).
final class PeakMemoryTests: XCTestCase {
    func testTheHighWaterMarkLineIsReadInBytes() {
        let status = "Name:\tnabla\nVmPeak:\t  812345 kB\nVmHWM:\t  106496 kB\nVmRSS:\t   98304 kB\n"
        XCTAssertEqual(residentHighWaterMark(procStatus: status), 106_496 * 1024)
        XCTAssertEqual(residentHighWaterMark(procStatus: "VmHWM: 12 kB"), 12 * 1024)
    }

    func testAStatusWithoutAReadableLineGivesNil() {
        XCTAssertNil(residentHighWaterMark(procStatus: "Name:\tnabla\nVmRSS:\t 98304 kB\n"))
        XCTAssertNil(residentHighWaterMark(procStatus: "VmHWM:\t lots kB\n"))
        XCTAssertNil(residentHighWaterMark(procStatus: "VmHWM:\t 12 pages\n"))
        XCTAssertNil(residentHighWaterMark(procStatus: ""))
    }

    /// The peak is at least what this process holds now, after touching 32 MB.
    func testThePeakCoversWhatThisProcessHoldsNow() throws {
        #if os(Linux)
        var buffer = [UInt8](repeating: 1, count: 32 << 20)
        buffer[buffer.count - 1] = 2
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let rssLine = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let rss = try XCTUnwrap(Int(rssLine.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])) * 1024
        XCTAssertGreaterThanOrEqual(peakMemoryBytes(), rss)
        XCTAssertGreaterThanOrEqual(rss, 32 << 20)
        XCTAssertEqual(buffer.last, 2)
        #else
        throw XCTSkip("VmHWM is Linux's")
        #endif
    }
}
