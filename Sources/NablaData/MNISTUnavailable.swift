/// A data set (MNIST unless said otherwise) is neither on disk nor downloadable: which files are missing, where they were looked
/// for, what each mirror said, and how to provide them.
public struct MNISTUnavailable: Error, CustomStringConvertible, Sendable {
    public let missing: [MNISTFile]
    public let searched: [MNISTLocator.Place]
    public let downloadDirectory: String
    /// Why each download attempt failed, one line each ("<url>: <reason>"); empty when none was made.
    public let mirrorFailures: [String]
    /// The data set that is missing.
    public let dataset: IDXDataset

    public init(missing: [MNISTFile], searched: [MNISTLocator.Place], downloadDirectory: String,
                mirrorFailures: [String], dataset: IDXDataset = .mnist) {
        (self.missing, self.searched, self.downloadDirectory) = (missing, searched, downloadDirectory)
        (self.mirrorFailures, self.dataset) = (mirrorFailures, dataset)
    }

    public var description: String {
        let gzippedOnly = dataset.files.allSatisfy(\.checksumIsOfGzip)
        let what = dataset.format == .cifar10Binary
            ? "\(CIFAR10.archive.gzipName) (or its folder \(CIFAR10.folder) with \(CIFAR10.files.map(\.name).joined(separator: ", ")))"
            : "\(missing.map(\.name).joined(separator: ", ")) " + (gzippedOnly ? "(gzipped, name + .gz, as published: the SHA-256s are of the .gz files)"
                                                                            : "(each may also be gzipped, name + .gz)")
        var lines = ["\(dataset.title) is not available: missing \(what)."]
        lines.append("Looked in:")
        lines += searched.map { "  \($0)" }
        if !mirrorFailures.isEmpty {
            lines.append("Downloading into \(downloadDirectory) failed:")
            lines += mirrorFailures.map { "  \($0)" }
        }
        lines.append("""
        To provide them, do one of:
          - connect to the internet and run again: missing files are downloaded and checked automatically;
          - set \(dataset.mirrorsVariable) to comma-separated base URLs that serve \(dataset.format == .idx ? "<name>.gz" : CIFAR10.archive.gzipName);
          - copy \(dataset.format != .idx ? "the archive or its folder" : gzippedOnly ? "the .gz files" : "the files (gzipped or not)") into a directory and pass --data-dir DIR or set \(dataset.environmentVariable)=DIR.
        """)
        return lines.joined(separator: "\n")
    }
}
