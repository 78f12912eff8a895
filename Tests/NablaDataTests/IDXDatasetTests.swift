import XCTest
import NablaData
import NablaTestSupport

/// Data sets by name (`--dataset`): each with its own files, checksums, places and class names.
final class IDXDatasetTests: XCTestCase {
    func testNamesFilesAndClasses() {
        XCTAssertEqual(IDXDataset.all.map(\.name), ["mnist", "fashion-mnist", "kmnist", "cifar-10"])
        XCTAssertEqual(IDXDataset.grayscale.map(\.name), ["mnist", "fashion-mnist", "kmnist"])
        XCTAssertEqual(IDXDataset.named("kmnist"), .kmnist)
        XCTAssertEqual(IDXDataset.named("fashion-mnist"), .fashionMNIST)
        XCTAssertNil(IDXDataset.named("cifar-100"))
        XCTAssertEqual(IDXDataset.cifar10.imageShape, [3, 32, 32])
        XCTAssertEqual(IDXDataset.cifar10.classNames[9], "truck")
        for dataset in IDXDataset.grayscale {
            XCTAssertEqual(dataset.files.map(\.name), MNISTFile.all.map(\.name), "same IDX names as MNIST: \(dataset.name)")
            XCTAssertEqual(dataset.files.map(\.size), MNISTFile.all.map(\.size), "same sizes: \(dataset.name)")
            XCTAssertEqual(dataset.classNames.count, 10)
        }
        let checksums = IDXDataset.all.flatMap { $0.files.map(\.sha256) }
        XCTAssertEqual(Set(checksums).count, checksums.count, "every file of every data set has its own SHA-256")
        XCTAssertTrue(checksums.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        XCTAssertEqual(IDXDataset.fashionMNIST.classNames[9], "Ankle boot")
        XCTAssertEqual(IDXDataset.kmnist.classNames[0], "o")
        XCTAssertFalse(IDXDataset.kmnist.mirroringKeepsClasses, "a mirrored character is not the same character")
    }

    /// KMNIST's published SHA-256s are of its .gz files: such files are downloaded and kept
    /// gzipped, checked by the gzip's hash, and a decompressed copy is not taken for them.
    func testFilesCheckedByTheirGzipAreKeptGzipped() throws {
        XCTAssertTrue(IDXDataset.kmnist.files.allSatisfy(\.checksumIsOfGzip))
        XCTAssertEqual(IDXDataset.kmnist.files.map(\.size), MNISTFile.all.map(\.size), "the content's sizes still bound inflation")
        let (trainImages, trainLabels) = tinyDataset(count: 12), (testImages, testLabels) = tinyDataset(count: 4)
        let contents = [trainImages, trainLabels, testImages, testLabels].map { $0.encoded() }
        let gzipped = contents.map(gzipStored)
        let files = zip(MNISTFile.all, gzipped).map { MNISTFile.gzipped($0.name, sha256: SHA256.hexDigest(of: $1)) }
        let server = try LocalHTTPServer { path in
            guard let index = files.firstIndex(where: { "/k/" + $0.gzipName == path }) else { return .notFound }
            return .init(status: 200, body: gzipped[index])
        }
        addTeardownBlock { server.stop() }
        let directory = try makeTemporaryDirectory(self)
        var downloader = MNISTDownloader(mirrors: [server.url("k")])
        downloader.report = { _ in }
        XCTAssertEqual(try downloader.download(files, into: directory).obtained, files)
        for (file, bytes) in zip(files, gzipped) {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file.gzipName)), Data(bytes), "kept as served")
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/" + file.name))
        }
        let (training, test) = try MNIST.load(directory: directory, files: files)
        XCTAssertEqual([training.count, test.count], [12, 4])
        // a decompressed copy alone cannot be checked: the file counts as missing
        let plain = try makeTemporaryDirectory(self)
        for (file, content) in zip(files, contents) { try write(content, to: plain + "/" + file.name) }
        XCTAssertEqual(MNISTLocator(dataDirectory: plain, environment: [:], files: files, repositoryCopy: nil).missingFiles(in: plain), files)
        assertThrows(try MNIST.load(directory: plain, files: files), mentioning: ["is decompressed", "put train-images-idx3-ubyte.gz there"])
        // a decompressed file under the .gz name is refused with what to do
        let mixed = try makeTemporaryDirectory(self)
        for (file, bytes) in zip(files, gzipped) { try write(bytes, to: mixed + "/" + file.gzipName) }
        try write(contents[1], to: mixed + "/" + files[1].gzipName)
        assertThrows(try MNIST.load(directory: mixed, files: files), mentioning: ["is not gzip data", "SHA-256 of their .gz", files[1].gzipName])
    }

    /// KMNIST has no system package and no copy in the repository: --data-dir, $KMNIST_DIR, its cache.
    func testKMNISTIsLookedForInItsOwnPlaces() {
        let environment = ["MNIST_DIR": "/m", "KMNIST_DIR": "/k", "HOME": "/home/ada"]
        let locator = MNISTLocator(environment: environment, dataset: .kmnist, repositoryCopy: "/repository")
        XCTAssertEqual(locator.places.map(\.origin), ["KMNIST_DIR", "cache"])
        #if !os(macOS)
        XCTAssertEqual(locator.places.map(\.directory), ["/k", "/home/ada/.cache/nabla/kmnist"])
        #endif
        XCTAssertEqual(MNISTDownloader(environment: [:], dataset: .kmnist).mirrors.first,
                       "https://codh.rois.ac.jp/kmnist/dataset/kmnist/")
    }

    /// Fashion-MNIST is looked for in --data-dir, $FASHION_MNIST_DIR, Debian's folder and its own
    /// cache, never in MNIST's places; downloads never go to the system folder.
    func testFashionMNISTIsLookedForInItsOwnPlaces() {
        let environment = ["MNIST_DIR": "/m", "FASHION_MNIST_DIR": "/f", "HOME": "/home/ada"]
        let locator = MNISTLocator(dataDirectory: "/flag", environment: environment, dataset: .fashionMNIST,
                                   repositoryCopy: "/repository")
        XCTAssertEqual(locator.places.map(\.origin), ["--data-dir", "FASHION_MNIST_DIR", "system", "cache"])
        #if !os(macOS)
        XCTAssertEqual(locator.places.map(\.directory),
                       ["/flag", "/f", "/usr/share/datasets/fashion-mnist", "/home/ada/.cache/nabla/fashion-mnist"])
        #endif
        let fallback = MNISTLocator(environment: ["HOME": "/home/ada"], dataset: .fashionMNIST, repositoryCopy: nil)
        XCTAssertEqual(fallback.downloadPlace.origin, "cache")
        XCTAssertEqual(MNISTLocator(environment: environment, repositoryCopy: "/repository").places.map(\.origin),
                       ["MNIST_DIR", "repository", "cache"], "MNIST's places are unchanged")
    }

    /// One data set's files where the other's are expected: the error says which they are and
    /// how to ask for them, instead of a bare checksum mismatch.
    func testAnotherDataSetsFilesAreNamed() throws {
        guard let directory = ProcessInfo.processInfo.environment["MNIST_DIR"], !directory.isEmpty else {
            throw XCTSkip("MNIST_DIR not set")
        }
        XCTAssertThrowsError(try MNIST.load(dataDirectory: directory, environment: [:], dataset: .fashionMNIST)) { error in
            XCTAssertTrue("\(error)".contains("this is MNIST's"), "\(error)")
            XCTAssertTrue("\(error)".contains("pass --dataset mnist"), "\(error)")
        }
    }

    /// Each data set has its own mirrors and its own variable to replace them: MNIST's never
    /// serves Fashion-MNIST's downloads.
    func testEachDataSetHasItsOwnMirrorVariable() {
        let environment = ["NABLA_MNIST_MIRRORS": "http://mnist.example/"]
        XCTAssertEqual(MNISTDownloader(environment: environment).mirrors, ["http://mnist.example/"])
        XCTAssertEqual(MNISTDownloader(environment: environment, dataset: .fashionMNIST).mirrors, IDXDataset.fashionMNIST.mirrors)
        XCTAssertEqual(MNISTDownloader(environment: ["NABLA_FASHION_MNIST_MIRRORS": "http://f.example"], dataset: .fashionMNIST).mirrors,
                       ["http://f.example/"])
    }

    func testUnavailableNamesTheDataSetAndItsVariable() {
        let message = "\(MNISTUnavailable(missing: IDXDataset.fashionMNIST.files, searched: [], downloadDirectory: "/d", mirrorFailures: [], dataset: .fashionMNIST))"
        XCTAssertTrue(message.hasPrefix("Fashion-MNIST is not available"), message)
        XCTAssertTrue(message.contains("FASHION_MNIST_DIR=DIR"), message)
        XCTAssertTrue(message.contains("NABLA_FASHION_MNIST_MIRRORS"), message)
    }

    /// The real Fashion-MNIST, where Debian's `dataset-fashion-mnist` package put it.
    func testRealFashionMNISTLoadsWithItsChecksums() throws {
        let directory = IDXDataset.fashionMNIST.systemDirectories[0]
        guard FileManager.default.fileExists(atPath: directory) else {
            throw XCTSkip("\(directory) is absent (apt-get install dataset-fashion-mnist)")
        }
        let (training, test) = try MNIST.load(dataDirectory: directory, environment: [:], dataset: .fashionMNIST)
        XCTAssertEqual(training.count, 60_000)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(training.labelCounts(), [Int](repeating: 6_000, count: 10))
        XCTAssertEqual(test.labels[0], 9, "the first test image is an ankle boot")
    }
}
