import Foundation

// How much memory a process has held at most: the mutation campaigns' memory growth, and the peak
// that `nabla bench` reports for each training run.

/// The largest resident memory of this process so far, in bytes. On Linux, the `VmHWM` line of
/// /proc/self/status: the high-water mark of this program's own memory. `getrusage`'s `ru_maxrss`
/// is not: Linux carries it across `exec`, so a program started by `swift run` reported SwiftPM's
/// own peak (~120 MB) whenever that was the larger. Elsewhere (macOS), `ru_maxrss`.
public func peakMemoryBytes() -> Int {
    var usage = rusage()
    #if os(macOS)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss)
    #else
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let bytes = residentHighWaterMark(procStatus: status) {
        return bytes
    }
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
    #endif
}

/// The `VmHWM:` line of a Linux /proc/PID/status text ("VmHWM:    106496 kB"), in bytes; nil
/// without one.
public func residentHighWaterMark(procStatus text: String) -> Int? {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard fields.count >= 3, fields[2] == "kB", let kilobytes = Int(fields[1]) else { return nil }
    return kilobytes * 1024
}
