import Foundation
import Synchronization

/// Shows how far a download has come: one line on standard error redrawn in place when standard
/// error is a terminal; otherwise a plain line through `report` every `interval` seconds, so a log
/// or a pipe shows that a slow download is alive (and how far it is) without filling up.
final class DownloadProgress: @unchecked Sendable {
    private let label: String
    private let isLive: Bool
    private let report: @Sendable (String) -> Void
    private let interval: TimeInterval
    private let lock = NSLock()
    private var lastShownPercent = -1
    private var lastReport = Date()

    init(label: String, isLive: Bool, interval: TimeInterval = 10, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.label = label
        self.isLive = isLive
        self.interval = interval
        self.report = report
    }

    /// Redraws the line when the percentage (or, without a known size, the megabyte) changes.
    func update(received: Int, expected: Int?) {
        guard isLive else {
            if ProgressLines.isSilenced { return }
            let line: String? = lock.withLock {
                guard Date().timeIntervalSince(lastReport) >= interval else { return nil }
                lastReport = Date()
                let total = expected.map { " of \(byteCountText($0)) (\(received * 100 / max($0, 1))%)" } ?? ""
                return "  \(label): \(byteCountText(received))\(total) so far"
            }
            if let line { report(line) }
            return
        }
        let step = expected.map { received * 100 / max($0, 1) } ?? received >> 20
        let text: String? = lock.withLock {
            guard step != lastShownPercent else { return nil }
            lastShownPercent = step
            let total = expected.map { " / " + byteCountText($0) + " (\(step)%)" } ?? ""
            return "\r\u{1B}[K  \(label)  \(byteCountText(received))\(total)"
        }
        if let text { writeToStandardError(text) }
    }

    /// Clears the live line, so the next message starts on a fresh line.
    func finish() {
        if isLive { writeToStandardError("\r\u{1B}[K") }
    }
}

/// "9.9 MB", "28.9 kB", "12 bytes".
func byteCountText(_ byteCount: Int) -> String {
    if byteCount >= 1_000_000 { return String(format: "%.1f MB", Double(byteCount) / 1_000_000) }
    if byteCount >= 1_000 { return String(format: "%.1f kB", Double(byteCount) / 1_000) }
    return "\(byteCount) bytes"
}

func writeToStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Whether progress is shown at all, for the whole process: every long loop and download asks it,
/// and `--quiet` turns it off (`ProgressLines.silence()`).
public enum ProgressLines {
    private static let silenced = Atomic<Bool>(false)

    /// No progress lines from now on, live or plain (messages and results are still printed);
    /// `silence(false)` shows them again.
    public static func silence(_ on: Bool = true) { silenced.store(on, ordering: .relaxed) }

    /// Whether `--quiet` was given.
    public static var isSilenced: Bool { silenced.load(ordering: .relaxed) }

    /// Whether progress is drawn in place: not silenced, and standard error is a terminal.
    public static var drawLive: Bool { !isSilenced && isatty(STDERR_FILENO) != 0 }
}
