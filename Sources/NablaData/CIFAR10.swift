import Foundation
import NablaCore

/// CIFAR-10 (Krizhevsky, 2009, "Learning Multiple Layers of Features from Tiny Images"): 50,000
/// training and 10,000 test colour photos of 32×32 pixels in ten classes, in its binary version,
/// `cifar-10-binary.tar.gz`, which holds the folder `cifar-10-batches-bin` with `data_batch_1.bin`
/// … `data_batch_5.bin` (10,000 images each, the training set), `test_batch.bin` and
/// `batches.meta.txt` (the class names).
///
/// Each image is one record of 3,073 bytes: its label (0–9), then 1,024 red values, 1,024 green,
/// 1,024 blue, each 32×32 plane row by row: an `ImageDataset` with 3 channels as it stands.
///
/// Found where `IDXDataset.cifar10` says (`--data-dir`, `$CIFAR10_DIR`, `~/.cache/nabla/cifar-10`)
/// as the archive, the extracted folder, or the six `.bin` files themselves; downloaded from the
/// author's page when none is there. The archive is checked against the SHA-256 that TensorFlow
/// Datasets and torchvision's Ruby port publish (Python's torchvision publishes MD5s); extracted
/// files against their own (published by torchvision's Ruby port, the only source found for them).
public enum CIFAR10 {
    /// The archive as the author's page serves it, `cifar-10-binary.tar.gz`, known by the SHA-256 of
    /// the download itself (170,052,171 bytes).
    public static let archive = MNISTFile.gzipped("cifar-10-binary.tar", sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")
    /// The folder inside the archive.
    public static let folder = "cifar-10-batches-bin"
    /// Bytes per image: the label, then 3 × 32 × 32 values.
    public static let recordSize = 1 + 3 * 32 * 32

    static func batch(_ name: String, _ sha256: String) -> MNISTFile {
        MNISTFile(name: name, sha256: sha256, size: 10_000 * recordSize)
    }

    /// The five training batches, then the test batch.
    public static let files = [
        batch("data_batch_1.bin", "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5"),
        batch("data_batch_2.bin", "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed"),
        batch("data_batch_3.bin", "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67"),
        batch("data_batch_4.bin", "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48"),
        batch("data_batch_5.bin", "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add"),
        batch("test_batch.bin", "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b"),
    ]

    /// The images of a batch file's records: 3 channels of 32×32. Throws `NablaError.malformed`,
    /// naming `file`, when the length is not whole records or a label is not 0–9.
    public static func images(fromRecords records: ArraySlice<UInt8>, file: String) throws(NablaError) -> ImageDataset {
        var (pixels, labels) = ([UInt8](), [UInt8]())
        try append(records, file: file, pixels: &pixels, labels: &labels)
        return ImageDataset(images: pixels, labels: labels, rows: 32, columns: 32, channels: 3)
    }

    /// Appends each record's label to `labels` and its 3×32×32 values to `pixels`.
    static func append(_ records: ArraySlice<UInt8>, file: String, pixels: inout [UInt8], labels: inout [UInt8]) throws(NablaError) {
        guard records.count % recordSize == 0 else {
            throw .malformed(file: file, message: "holds \(records.count) bytes, not a whole number of \(recordSize)-byte CIFAR-10 records (a label byte and 3×32×32 values)")
        }
        for (n, record) in stride(from: records.startIndex, to: records.endIndex, by: recordSize).enumerated() {
            guard records[record] < 10 else {
                throw .malformed(file: file, message: "record \(n) has label \(records[record]); CIFAR-10's labels are 0–9")
            }
            labels.append(records[record])
            pixels.append(contentsOf: records[(record + 1)..<(record + recordSize)])
        }
    }

    /// The training set (every file but the last, in order) and the test set (the last), each
    /// file's records given by `records` (its bytes, and the name errors give it).
    static func splits(of files: [MNISTFile], records: (MNISTFile) throws(NablaError) -> (bytes: ArraySlice<UInt8>, name: String))
        throws(NablaError) -> (training: ImageDataset, test: ImageDataset) {
        func dataset(_ part: ArraySlice<MNISTFile>) throws(NablaError) -> ImageDataset {
            var (pixels, labels) = ([UInt8](), [UInt8]())
            pixels.reserveCapacity(part.reduce(0) { $0 + ($1.size ?? 0) })
            for file in part {
                let (bytes, name) = try records(file)
                try append(bytes, file: name, pixels: &pixels, labels: &labels)
            }
            return ImageDataset(images: pixels, labels: labels, rows: 32, columns: 32, channels: 3)
        }
        return (try dataset(files.dropLast()), try dataset(files.suffix(1)))
    }

    /// The training set (the five training batches) and the test set from `directory`, which holds
    /// the archive, the folder `cifar-10-batches-bin`, or the `.bin` files; nil when it holds none
    /// of them. `files` replaces the batches' names and checksums (tests), `verifyChecksums` off
    /// reads any data in this format.
    public static func load(directory: String, files: [MNISTFile] = CIFAR10.files, archive: MNISTFile = CIFAR10.archive,
                            verifyChecksums: Bool = true) throws(NablaError) -> (training: ImageDataset, test: ImageDataset)? {
        require(files.count >= 2, "CIFAR10.load: files must list the training batches, then the test batch")
        func path(_ name: String, in folder: String = directory) -> String { (folder as NSString).appendingPathComponent(name) }
        for place in [path(folder), directory] where files.allSatisfy({ FileManager.default.isReadableFile(atPath: path($0.name, in: place)) }) {
            return try splits(of: files) { (file) throws(NablaError) in
                let location = path(file.name, in: place)
                let bytes = try readFile(path: location)
                try check(bytes, against: verifyChecksums ? file : nil, path: location)
                return (bytes[...], location)
            }
        }
        let archivePath = path(archive.gzipName)
        guard FileManager.default.isReadableFile(atPath: archivePath) else { return nil }
        let compressed = try readFile(path: archivePath)
        try check(compressed, against: verifyChecksums ? archive : nil, path: archivePath)
        // 60,000 records, two headers each and the padding: a little over 184 MB.
        let tar = try TarArchive(bytes: try Gzip.decompress(compressed, file: archivePath, limit: 200_000_000), file: archivePath)
        return try splits(of: files) { (file) throws(NablaError) in
            guard let records = tar.contents(of: file.name) else {
                throw NablaError.malformed(file: archivePath, message: "holds no \(file.name); it is not CIFAR-10's binary archive (\(archive.gzipName))")
            }
            return (records, archivePath + ": " + file.name)
        }
    }

    /// Finds CIFAR-10 in the places of `IDXDataset.cifar10` (see `MNISTLocator`), downloads the
    /// archive into the first place given explicitly (else the cache) when no place holds it, and
    /// loads both splits. Throws `MNISTUnavailable` when it cannot be obtained.
    public static func load(dataDirectory: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            downloader: MNISTDownloader? = nil,
                            verifyChecksums: Bool = true) throws -> (training: ImageDataset, test: ImageDataset) {
        let locator = MNISTLocator(dataDirectory: dataDirectory, environment: environment, dataset: .cifar10, repositoryCopy: nil)
        for place in locator.places {
            if let splits = try load(directory: place.directory, verifyChecksums: verifyChecksums) { return splits }
        }
        let target = locator.downloadPlace
        let downloader = downloader ?? MNISTDownloader(environment: environment, dataset: .cifar10)
        downloader.report("CIFAR-10: \(archive.gzipName) not found; downloading into \(target) (170 MB)")
        let outcome = try downloader.download([archive], into: target.directory)
        guard outcome.unavailable.isEmpty, let splits = try load(directory: target.directory, verifyChecksums: verifyChecksums) else {
            throw MNISTUnavailable(missing: [archive], searched: locator.places, downloadDirectory: target.directory,
                                   mirrorFailures: outcome.failures, dataset: .cifar10)
        }
        return splits
    }

    /// Throws, naming `path`, unless `bytes` hash to `expected`'s SHA-256 (no check without `expected`).
    static func check(_ bytes: [UInt8], against expected: MNISTFile?, path: String) throws(NablaError) {
        guard let expected else { return }
        let digest = SHA256.hexDigest(of: bytes)
        guard digest == expected.sha256 else { throw MNIST.checksumMismatch(path, digest: digest, expected: expected, title: "CIFAR-10") }
    }
}
