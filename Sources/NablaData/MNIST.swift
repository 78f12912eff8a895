import Foundation
import NablaCore

/// The MNIST database of handwritten digits (LeCun, Cortes, Burges): 60,000 training and
/// 10,000 test images of 28×28 pixels, labels 0–9.
///
///     let (training, test) = try MNIST.load(dataDirectory: arguments.string("data-dir"))
///     let (train, validation) = training.split(validationCount: 5_000, seed: 1)
///     let normalization = Normalization(statisticsOf: train)     // training statistics only
public enum MNIST {
    /// Finds the files (see `MNISTLocator`), downloads what is missing, and loads both splits
    /// (CIFAR-10 through `CIFAR10.load`).
    public static func load(dataDirectory: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            dataset: IDXDataset = .mnist,
                            verifyChecksums: Bool = true) throws -> (training: ImageDataset, test: ImageDataset) {
        if dataset.format == .cifar10Binary {
            return try CIFAR10.load(dataDirectory: dataDirectory, environment: environment, verifyChecksums: verifyChecksums)
        }
        return try load(directory: prepare(dataDirectory: dataDirectory, environment: environment, dataset: dataset),
                 verifyChecksums: verifyChecksums, files: dataset.files)
    }

    /// The directory holding all of `files`: the first complete place, or the download place
    /// after downloading the missing files there. Throws `MNISTUnavailable` when a file cannot
    /// be obtained, and `NablaError.io` when the download place cannot be written.
    public static func prepare(dataDirectory: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               dataset: IDXDataset = .mnist, files: [MNISTFile]? = nil,
                               repositoryCopy: String? = MNISTLocator.repositoryCopy,
                               downloader: MNISTDownloader? = nil) throws -> String {
        let locator = MNISTLocator(dataDirectory: dataDirectory, environment: environment, dataset: dataset, files: files,
                                   repositoryCopy: repositoryCopy)
        if let place = locator.completePlace() { return place.directory }
        let target = locator.downloadPlace
        let missing = locator.missingFiles(in: target.directory)
        let downloader = downloader ?? MNISTDownloader(environment: environment, dataset: dataset)
        downloader.report("\(dataset.title): \(missing.map(\.name).joined(separator: ", ")) not found; downloading into \(target)")
        let outcome = try downloader.download(missing, into: target.directory)
        guard outcome.unavailable.isEmpty else {
            throw MNISTUnavailable(missing: outcome.unavailable, searched: locator.places,
                                   downloadDirectory: target.directory, mirrorFailures: outcome.failures, dataset: dataset)
        }
        return target.directory
    }

    /// Loads the training and test sets from `directory`, each file gzipped or not. With
    /// `verifyChecksums`, each file's decompressed content must have the SHA-256 in `files`
    /// (a data set's own, `IDXDataset.files`; turn it off for unlisted data in the same format).
    /// `files` lists training images, training labels, test images, test labels, in that order.
    public static func load(directory: String, verifyChecksums: Bool = true,
                            files: [MNISTFile] = MNISTFile.all) throws(NablaError) -> (training: ImageDataset, test: ImageDataset) {
        require(files.count == 4, "MNIST.load: files must list training images, training labels, test images, test labels")
        let paths = try files.map { (file) throws(NablaError) in
            guard let path = MNISTLocator.path(of: file, in: directory) else {
                let plain = (directory as NSString).appendingPathComponent(file.name)
                if file.checksumIsOfGzip && FileManager.default.fileExists(atPath: plain) {
                    throw NablaError.io(file: plain, message: "is decompressed, but this file is checked by the SHA-256 of its .gz as "
                                        + "published: put \(file.gzipName) there as downloaded")
                }
                throw NablaError.io(file: plain, message: file.checksumIsOfGzip ? "no such file: \(file.gzipName) is not in \(directory)"
                                                                              : "no such file (nor \(file.gzipName)) in \(directory)")
            }
            return path
        }
        // The four files are independent: read, decompress and hash them in parallel.
        let results = ResultSlots<IDXFile>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            results.set(i, Result { () throws(NablaError) in
                try readIDX(path: paths[i], expected: verifyChecksums ? files[i] : nil)
            })
        }
        let idx = try results.values()
        return (try ImageDataset(images: idx[0], labels: idx[1], imagesPath: paths[0], labelsPath: paths[1]),
                try ImageDataset(images: idx[2], labels: idx[3], imagesPath: paths[2], labelsPath: paths[3]))
    }

    /// Reads an IDX file. With `expected`, the decompressed content may not exceed its size, and
    /// the content (or the gzip file, `checksumIsOfGzip`) must have its SHA-256.
    static func readIDX(path: String, expected: MNISTFile?) throws(NablaError) -> IDXFile {
        let limit = expected?.decompressionLimit ?? (bytes: Inflate.defaultLimit, reason: nil)
        let bytes = try readFile(path: path)
        let content = Gzip.isGzip(bytes) ? try Gzip.decompress(bytes, file: path, limit: limit.bytes, limitReason: limit.reason) : bytes
        if let expected {
            let digest = SHA256.hexDigest(of: expected.checksumIsOfGzip ? bytes : content)
            guard digest == expected.sha256 else {
                let owner = IDXDataset.all.first { $0.files.contains(expected) }
                let title = owner?.title ?? "the expected data set"
                // Another data set's file of the same name: say which, and how to ask for it.
                let (fileDigest, contentDigest) = (SHA256.hexDigest(of: bytes), SHA256.hexDigest(of: content))
                let isOther = { (file: MNISTFile) in file.sha256 == (file.checksumIsOfGzip ? fileDigest : contentDigest) }
                if let other = IDXDataset.all.first(where: { $0.files.contains(where: isOther) }) {
                    throw NablaError.malformed(file: path, message: """
                        SHA-256 mismatch: this is \(other.title)'s \(expected.name), not \(title)'s. \
                        To train on \(other.title), pass --dataset \(other.name); for \(title), point --data-dir \
                        (or \(owner?.environmentVariable ?? "MNIST_DIR")) at its files.
                        """)
                }
                if expected.checksumIsOfGzip && !Gzip.isGzip(bytes) {
                    throw NablaError.malformed(file: path, message: """
                        is not gzip data: \(title)'s files are checked by the SHA-256 of their .gz files as \
                        published, so they are used gzipped. Put \(expected.gzipName) as downloaded in its place.
                        """)
                }
                throw checksumMismatch(path, digest: digest, expected: expected, title: title)
            }
        }
        return try IDXFile(parsing: consume content, file: path)
    }

    /// The error for a file at `path` whose SHA-256 is `digest` where `title`'s `expected` was due.
    static func checksumMismatch(_ path: String, digest: String, expected: MNISTFile, title: String) -> NablaError {
        .malformed(file: path, message: """
            SHA-256 mismatch: the \(expected.checksumIsOfGzip ? "file" : "content") hashes to \(digest), \
            \(title)'s \(expected.checksumIsOfGzip ? expected.gzipName : expected.name) to \(expected.sha256). \
            The file is damaged or is not the original: delete it and run again to download \
            a fresh copy, or replace it with the original.
            """)
    }
}

/// One result slot per parallel task, written under a lock.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, NablaError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, NablaError>) { lock.withLock { slots[index] = result } }

    /// The values in order, or the first error in order.
    func values() throws(NablaError) -> [Value] {
        let all = lock.withLock { slots }
        return try all.map { (slot) throws(NablaError) in try slot!.get() }
    }
}
