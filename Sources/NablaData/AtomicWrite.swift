import Foundation
import NablaCore

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, which
/// replaces the target in one step: readers see the old file or the whole new one, never a part.
/// `advice` ends the message when the file cannot be written: what the user can do about it.
func writeAtomically(_ bytes: [UInt8], to path: String,
                     advice: String = "pass --data-dir with a writable directory") throws(NablaError) {
    let directory = (path as NSString).deletingLastPathComponent
    let temporary = (directory as NSString).appendingPathComponent(
        ".\((path as NSString).lastPathComponent).\(UUID().uuidString).partial")
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
    } catch {
        try? FileManager.default.removeItem(atPath: temporary)
        throw NablaError.io(file: path, message: "cannot write (\(error.localizedDescription)); \(advice)")
    }
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(atPath: temporary)
        throw NablaError.io(file: path, message: "cannot move the written file into place (\(reason))")
    }
}
