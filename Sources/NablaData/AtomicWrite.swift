import Foundation
import NablaCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file a user named (`--report`, `--json`) or a download, without ever destroying
/// what the path named before.
///
/// A regular file, or a path that does not exist yet, is written through a temporary file in the
/// same directory and a rename, which replaces the target in one step: readers see the old file or
/// the whole new one, never a part. A rename replaces whatever the path names, so it is used only
/// there: a character device or a FIFO (`/dev/null`, `/dev/stdout`, a pipe) gets a plain write,
/// and a directory, a block device or a socket is refused. A symbolic link is followed: the file it
/// points to is replaced, the link stays.
public enum OutputFile {
    /// What a path names now, as far as writing it is concerned.
    enum Destination {
        case missing, regularFile, stream, directory, other(String)
    }

    /// Checks, before any long work, that `write(_:to:)` will be able to write `path`: the place
    /// exists, is not a directory or a device that must not be overwritten, and a file can be
    /// created beside it (tried for real, then removed). Throws `NablaError.io` naming the path,
    /// what is wrong and what to do.
    public static func check(_ path: String) throws(NablaError) {
        guard !path.isEmpty else { throw NablaError.io(file: "''", message: "an empty file name; give a path such as run.json") }
        let target = resolved(path)
        switch destination(target) {
        case .stream:
            guard access(target, W_OK) == 0 else { throw failure(path, "is not writable (\(reason()))") }
        case .missing, .regularFile:
            try probeDirectory(of: target, for: path)
        case .directory:
            throw failure(path, "is a directory; give a file name inside it, e.g. \((path as NSString).appendingPathComponent("report.json"))")
        case .other(let kind):
            throw failure(path, "is \(kind), not a file; give the path of a regular file")
        }
    }

    /// Writes `bytes` to `path` as described above; `hint` is added to the message of a failure
    /// (what the user can do about it). Throws `NablaError.io` naming the path.
    public static func write(_ bytes: [UInt8], to path: String, hint: String = "") throws(NablaError) {
        let target = resolved(path)
        let suffix = hint.isEmpty ? "" : "; \(hint)"
        switch destination(target) {
        case .stream:
            try writePlainly(bytes, to: target, for: path, suffix: suffix)
        case .missing, .regularFile:
            try replaceAtomically(bytes, at: target, for: path, suffix: suffix)
        case .directory:
            throw failure(path, "is a directory; nothing was written (give a file name inside it)")
        case .other(let kind):
            throw failure(path, "is \(kind), not a file; nothing was written")
        }
    }

    /// `path` with symbolic links followed to the file they name (the link itself when it dangles).
    static func resolved(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & mode_t(S_IFMT) == mode_t(S_IFLNK),
              let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    static func destination(_ path: String) -> Destination {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // A missing file, or a path through a file: the directory check says which.
            return errno == ENOENT || errno == ENOTDIR ? .missing : .other("unreadable (\(reason()))")
        }
        switch info.st_mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): return .regularFile
        case mode_t(S_IFCHR), mode_t(S_IFIFO): return .stream
        case mode_t(S_IFDIR): return .directory
        case mode_t(S_IFBLK): return .other("a block device (a disk)")
        case mode_t(S_IFSOCK): return .other("a socket")
        default: return .other("a special file")
        }
    }

    /// Creates and removes an empty temporary file where the real one will go: the only sure test
    /// that the directory takes new files (permissions, read-only mounts, /proc all say no here).
    private static func probeDirectory(of target: String, for path: String) throws(NablaError) {
        let directory = directoryOf(target)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw failure(path, "cannot be created: the directory \(directory) does not exist (create it first)")
        }
        guard isDirectory.boolValue else { throw failure(path, "cannot be created: \(directory) is not a directory") }
        let probe = temporaryPath(for: target)
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw failure(path, "cannot be written: no new file can be created in \(directory) (\(reason())); choose another directory")
        }
        close(descriptor)
        unlink(probe)
    }

    private static func replaceAtomically(_ bytes: [UInt8], at target: String, for path: String,
                                          suffix: String) throws(NablaError) {
        let temporary = temporaryPath(for: target)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        } catch {
            unlink(temporary)
            throw failure(path, "cannot be written: no new file can be created in \(directoryOf(target)) (\(reasonOf(error)))\(suffix)")
        }
        guard rename(temporary, target) == 0 else {
            let why = reason()
            unlink(temporary)
            throw failure(path, "cannot be replaced (\(why))\(suffix)")
        }
    }

    private static func writePlainly(_ bytes: [UInt8], to target: String, for path: String, suffix: String) throws(NablaError) {
        let descriptor = open(target, O_WRONLY)
        guard descriptor >= 0 else { throw failure(path, "cannot be opened for writing (\(reason()))\(suffix)") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure(path, "stopped accepting data after \(written) bytes (\(reason()))\(suffix)") }
            written += count
        }
    }

    private static func directoryOf(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    private static func temporaryPath(for target: String) -> String {
        (directoryOf(target) as NSString).appendingPathComponent(
            ".\((target as NSString).lastPathComponent).\(UUID().uuidString).partial")
    }

    private static func failure(_ path: String, _ message: String) -> NablaError { .io(file: path, message: message) }

    /// The C library's words for the last error: "Permission denied".
    private static func reason() -> String { String(cString: strerror(errno)) }

    /// An error thrown by Foundation, in words: its POSIX reason when it has one, never a domain and code.
    public static func reasonOf(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix = underlying, posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        if (error as NSError).domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32((error as NSError).code))) }
        return error.localizedDescription
    }
}

/// Writes a downloaded file into the data directory (see `OutputFile.write`).
func writeAtomically(_ bytes: [UInt8], to path: String) throws(NablaError) {
    try OutputFile.write(bytes, to: path, hint: "pass --data-dir with a writable directory")
}

/// write(2), named apart from the many Swift `write` methods.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, bytes, count)
    #else
    return Darwin.write(descriptor, bytes, count)
    #endif
}
