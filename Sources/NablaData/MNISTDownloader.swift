import Foundation
import NablaCore

/// Downloads the files of MNIST (or another `IDXDataset`) from public mirrors, tried in order. Each file is fetched as
/// `<mirror><name>.gz`, decompressed and checked against its SHA-256 in memory, and only then
/// written, through a temporary file and a rename, so the directory never holds a partial or
/// unchecked file. A mirror that fails (network or HTTP error, bad gzip, wrong checksum) is
/// reported and the next one is tried.
public struct MNISTDownloader: Sendable {
    /// MNIST's mirrors, used when `NABLA_MNIST_MIRRORS` is not set.
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ]

    /// Base URLs, each ending in "/".
    public let mirrors: [String]
    /// Seconds to wait for a server's first answer; also the window over which the speed is measured.
    public var timeout: TimeInterval = 30
    /// The least average speed, in bytes per second, over each `timeout` window: a server that
    /// trickles data never times out, and is given up when it falls below this.
    public var minimumBytesPerSecond: Double = 1_000
    /// Seconds between progress lines when the progress is not drawn live (a log, a pipe).
    public var progressInterval: TimeInterval = 10
    /// Receives each message line (mirror failures, files done); standard error by default.
    public var report: @Sendable (String) -> Void = { writeToStandardError($0 + "\n") }
    /// Whether to draw a live progress line; by default when standard error is a terminal.
    public var showsLiveProgress = ProgressLines.drawLive

    /// Mirrors from the data set's variable (`NABLA_MNIST_MIRRORS`: comma-separated base URLs) when
    /// set, else the data set's own.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, dataset: IDXDataset = .mnist) {
        self.init(mirrors: MNISTDownloader.mirrors(environment: environment, dataset: dataset))
    }

    public init(mirrors: [String]) {
        self.mirrors = mirrors.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// The mirror list the data set's variable (`NABLA_MNIST_MIRRORS`) asks for, or the data set's mirrors.
    public static func mirrors(environment: [String: String], dataset: IDXDataset = .mnist) -> [String] {
        guard let list = environment[dataset.mirrorsVariable] else { return dataset.mirrors }
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// What a download run achieved.
    public struct Outcome: Sendable {
        /// The files now in the directory.
        public var obtained: [MNISTFile] = []
        /// The files no mirror could provide.
        public var unavailable: [MNISTFile] = []
        /// Every failed attempt, "<url>: <reason>", including those a later mirror made up for.
        public var failures: [String] = []
    }

    /// Downloads `files` into `directory`, creating it if needed. Throws only when the directory
    /// cannot be written; a file no mirror provides is listed in the outcome.
    public func download(_ files: [MNISTFile], into directory: String) throws(NablaError) -> Outcome {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw NablaError.io(file: directory, message: "cannot create the download directory (\(error.localizedDescription)); pass --data-dir with a writable directory")
        }
        var outcome = Outcome()
        if mirrors.isEmpty { outcome.failures.append("no download mirrors (the data set's mirrors variable, e.g. NABLA_MNIST_MIRRORS, is set but lists none)") }
        var unreachable = Set<String>()
        for file in files {
            if try downloadFromFirstWorkingMirror(file, into: directory, failures: &outcome.failures,
                                                  unreachable: &unreachable) {
                outcome.obtained.append(file)
            } else {
                outcome.unavailable.append(file)
            }
        }
        return outcome
    }

    /// Tries each mirror in turn, except those found unreachable for an earlier file (offline,
    /// that would only repeat the same wait); true once `file` is in `directory`.
    private func downloadFromFirstWorkingMirror(_ file: MNISTFile, into directory: String, failures: inout [String],
                                                unreachable: inout Set<String>) throws(NablaError) -> Bool {
        let candidates = mirrors.filter { !unreachable.contains($0) }
        for (attempt, mirror) in candidates.enumerated() {
            let address = mirror + file.gzipName
            do {
                let content = try fetchChecked(file, from: address)
                try writeAtomically(content, to: (directory as NSString).appendingPathComponent(file.checksumIsOfGzip ? file.gzipName : file.name))
                report("\(file.name): \(byteCountText(content.count)) from \(mirror), SHA-256 verified")
                return true
            } catch let failure as FetchFailure {
                failures.append("\(address): \(failure)")
                if failure.isUnreachable { unreachable.insert(mirror) }
                report("\(address): \(failure)" + (attempt + 1 < candidates.count ? "; trying the next mirror" : ""))
            } catch let error as NablaError {
                throw error
            } catch {
                throw NablaError.io(file: directory, message: "\(error)")
            }
        }
        return false
    }

    /// The decompressed, checksum-verified content of `file` from `address`.
    private func fetchChecked(_ file: MNISTFile, from address: String) throws(FetchFailure) -> [UInt8] {
        guard let url = URL(string: address), url.scheme != nil else { throw FetchFailure(description: "not a valid URL") }
        let progress = DownloadProgress(label: file.gzipName, isLive: showsLiveProgress, interval: progressInterval, report: report)
        defer { progress.finish() }
        // A compressed file is at most its content plus DEFLATE's few bytes per block; a server
        // that sends far more is not sending this file.
        let maximumBytes = (file.size ?? Inflate.defaultLimit) + (file.size ?? 0) / 100 + 65_536
        let limits = FetchLimits(timeout: timeout, minimumBytesPerSecond: minimumBytesPerSecond, maximumBytes: maximumBytes)
        let body = [UInt8](try fetch(url, limits: limits) { progress.update(received: $0, expected: $1) })
        let content: [UInt8]
        do {
            let limit = file.decompressionLimit
            content = Gzip.isGzip(body) && !file.checksumIsOfGzip
                ? try Gzip.decompress(body, file: address, limit: limit.bytes, limitReason: limit.reason) : body
        } catch {
            throw FetchFailure(description: error.messageWithoutFile)
        }
        let digest = SHA256.hexDigest(of: content)
        guard digest == file.sha256 else {
            throw FetchFailure(description: "SHA-256 mismatch: got \(digest), expected \(file.sha256) (corrupted or different file)")
        }
        return content
    }
}

extension NablaError {
    /// The message without the file name in front (for errors about data not yet in a file).
    var messageWithoutFile: String {
        switch self {
        case .malformed(_, let message), .io(_, let message): return message
        default: return description
        }
    }
}
