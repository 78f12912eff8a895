/// One of the four files of the MNIST database, with the SHA-256 of its decompressed content
/// (which does not depend on how a mirror gzipped it) — or, for data sets that publish only that,
/// of the gzip file as served (`checksumIsOfGzip`).
public struct MNISTFile: Hashable, Sendable {
    /// The file name without `.gz`, e.g. "train-images-idx3-ubyte".
    public let name: String
    /// The SHA-256 of the decompressed file, as 64 lowercase hexadecimal digits.
    public let sha256: String
    /// The size of the decompressed file in bytes, when known: a gzip file that inflates to more
    /// is refused before more is allocated.
    public let size: Int?

    /// Whether `sha256` is that of the gzip file as mirrors serve it (`gzipName`), not of its
    /// decompressed content: KMNIST publishes only those, and CIFAR-10's archive is one. Such a
    /// file is kept gzipped, as downloaded, so it can be checked again; a decompressed copy cannot
    /// be checked and is not used.
    public var checksumIsOfGzip = false

    public init(name: String, sha256: String, size: Int? = nil) {
        (self.name, self.sha256, self.size) = (name, sha256, size)
    }

    /// A file known by the SHA-256 of its gzip file `name`.gz (see `checksumIsOfGzip`); `size` is
    /// that of the content, when known (the most it may inflate to).
    public static func gzipped(_ name: String, sha256: String, size: Int? = nil) -> MNISTFile {
        var file = MNISTFile(name: name, sha256: sha256, size: size)
        file.checksumIsOfGzip = true
        return file
    }

    /// The most bytes this file may inflate to, and why, for `Gzip.decompress`.
    var decompressionLimit: (bytes: Int, reason: String?) {
        guard let size else { return (Inflate.defaultLimit, nil) }
        return (size, "\(name) holds exactly \(size) bytes: this is not that file, or it is damaged; delete it to download it again")
    }

    /// An IDX file of `count` 28×28 images: a 16-byte header (magic, count, rows, columns), then
    /// one byte per pixel.
    public static func images(_ name: String, sha256: String, count: Int) -> MNISTFile {
        MNISTFile(name: name, sha256: sha256, size: 16 + count * 28 * 28)
    }

    /// An IDX file of `count` labels: an 8-byte header (magic, count), then one byte per label.
    public static func labels(_ name: String, sha256: String, count: Int) -> MNISTFile {
        MNISTFile(name: name, sha256: sha256, size: 8 + count)
    }

    // The checksums of the repository's copy (Data/mnist/SHA256SUMS), checked against two
    // independent copies of the database.
    public static let trainImages = images("train-images-idx3-ubyte", sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", count: 60_000)
    public static let trainLabels = labels("train-labels-idx1-ubyte", sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", count: 60_000)
    public static let testImages = images("t10k-images-idx3-ubyte", sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", count: 10_000)
    public static let testLabels = labels("t10k-labels-idx1-ubyte", sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", count: 10_000)

    /// The four files in the order: training images, training labels, test images, test labels.
    public static let all = [trainImages, trainLabels, testImages, testLabels]

    /// The compressed name, as mirrors serve it.
    public var gzipName: String { name + ".gz" }
}
