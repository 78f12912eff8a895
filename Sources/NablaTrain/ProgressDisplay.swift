import Foundation
import NablaData

/// Progress inside a long loop: one line redrawn in place when the output is a terminal, nothing
/// when it is not (logs and CI get the plain per-epoch lines instead).
public struct ProgressDisplay {
    public let total: Int
    public let label: String
    public let isEnabled: Bool
    private var lastDrawn = -1
    private let start = Date()

    /// Draws on standard error, only when it is a terminal (and `--quiet` was not given).
    public init(total: Int, label: String, enabled: Bool = ProgressLines.drawLive) {
        self.total = total
        self.label = label
        self.isEnabled = enabled && total > 0
    }

    /// Redraws when the shown percentage changes: `epoch 3  [#######.....]  58%  12.1k img/s`.
    public mutating func update(_ done: Int, itemsPerSecondUnit: String = "img/s", items: Int? = nil) {
        guard isEnabled else { return }
        let percent = 100 * done / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30, filled = width * done / total
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(items ?? done) / elapsed : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label)  [\(bar)] \(String(format: "%3d", percent))%  \(formatRate(rate)) \(itemsPerSecondUnit)\u{1B}[K".utf8))
    }

    /// Clears the line so the next print starts clean.
    public func finish() {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// 12345 → "12.3k", for rates.
public func formatRate(_ value: Double) -> String {
    value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e3 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
}

/// Sends what `print` has buffered to the terminal, file or pipe now: a long run's table rows then
/// appear as they finish, also in a log (`fflush(NULL)` flushes every output stream).
public func flushOutput() {
    fflush(nil)
}
