import XCTest
import NablaData
import NablaTestSupport

final class MNISTLocatorTests: XCTestCase {
    /// A directory holding empty stand-ins for the four files (the locator only checks that they exist).
    func makeCompleteDirectory(gzipped: Bool = false) throws -> String {
        let directory = try makeTemporaryDirectory(self)
        for file in MNISTFile.all { try write([], to: directory + "/" + (gzipped ? file.gzipName : file.name)) }
        return directory
    }

    func testResolutionOrderFlagThenVariableThenRepositoryThenCache() throws {
        let flag = try makeCompleteDirectory(), variable = try makeCompleteDirectory(gzipped: true)
        let repository = try makeCompleteDirectory(), home = try makeTemporaryDirectory(self)
        let cache = home + "/.cache/nabla/mnist"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for file in MNISTFile.all { try write([], to: cache + "/" + file.name) }
        let environment = ["MNIST_DIR": variable, "HOME": home]
        func locate(_ flag: String?, _ environment: [String: String], repository: String?) throws -> String {
            try MNISTLocator(dataDirectory: flag, environment: environment, repositoryCopy: repository).locate()
        }

        XCTAssertEqual(try locate(flag, environment, repository: repository), flag)
        XCTAssertEqual(try locate(nil, environment, repository: repository), variable)
        XCTAssertEqual(try locate(nil, ["HOME": home], repository: repository), repository)
        XCTAssertEqual(try locate(nil, ["HOME": home], repository: nil), cache)
        // An incomplete directory is passed over for the next complete one.
        try FileManager.default.removeItem(atPath: flag + "/" + MNISTFile.testLabels.name)
        XCTAssertEqual(try locate(flag, environment, repository: repository), variable)
        let locator = MNISTLocator(dataDirectory: flag, environment: environment, repositoryCopy: repository)
        XCTAssertEqual(locator.places.map(\.origin), ["--data-dir", "MNIST_DIR", "repository", "cache"])
        XCTAssertEqual(locator.downloadPlace.directory, flag)
        XCTAssertEqual(locator.missingFiles(in: flag), [MNISTFile.testLabels])
    }

    func testCacheDirectory() {
        #if os(macOS)
        XCTAssertEqual(MNISTLocator.cacheDirectory(environment: ["HOME": "/Users/ada"]), "/Users/ada/Library/Caches/nabla/mnist")
        #else
        XCTAssertEqual(MNISTLocator.cacheDirectory(environment: ["HOME": "/home/ada"]), "/home/ada/.cache/nabla/mnist")
        XCTAssertEqual(MNISTLocator.cacheDirectory(environment: ["HOME": "/home/ada", "XDG_CACHE_HOME": "/var/cache/ada"]),
                       "/var/cache/ada/nabla/mnist")
        // The XDG specification ignores relative paths.
        XCTAssertEqual(MNISTLocator.cacheDirectory(environment: ["HOME": "/home/ada", "XDG_CACHE_HOME": "cache"]),
                       "/home/ada/.cache/nabla/mnist")
        #endif
    }

    func testOfflineMessageListsMissingFilesAndPlaces() throws {
        let flag = try makeTemporaryDirectory(self), variable = try makeTemporaryDirectory(self)
        let home = try makeTemporaryDirectory(self)
        try write([], to: flag + "/" + MNISTFile.trainImages.gzipName)
        let environment = ["MNIST_DIR": variable, "HOME": home, "NABLA_MNIST_MIRRORS": ""]
        XCTAssertThrowsError(try MNIST.prepare(dataDirectory: flag, environment: environment, repositoryCopy: nil)) { error in
            let message = "\(error)"
            for fragment in ["train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
                             flag + " (--data-dir)", variable + " (MNIST_DIR)", home + "/.cache/nabla/mnist (cache)",
                             "--data-dir DIR", "MNIST_DIR=DIR", "NABLA_MNIST_MIRRORS"] {
                XCTAssertTrue(message.contains(fragment), "\(fragment) not in:\n\(message)")
            }
            XCTAssertFalse(message.contains("missing train-images-idx3-ubyte"), message)
        }
    }

    func testMirrorList() {
        XCTAssertEqual(MNISTDownloader.mirrors(environment: [:]), MNISTDownloader.defaultMirrors)
        XCTAssertEqual(MNISTDownloader.mirrors(environment: ["NABLA_MNIST_MIRRORS": " http://a/x/ , http://b/y"]),
                       ["http://a/x/", "http://b/y"])
        XCTAssertEqual(MNISTDownloader(mirrors: ["http://b/y"]).mirrors, ["http://b/y/"])
    }

    /// The clone carries MNIST: `Data/mnist` is found, holds the four files, and each passes its
    /// SHA-256 check when loaded (what `swift run -c release ch3-mlp` does offline on a fresh clone).
    func testTheRepositoryCopyIsFoundAndIsTheRealMNIST() throws {
        let copy = try XCTUnwrap(MNISTLocator.repositoryCopy, "Data/mnist is missing from the repository")
        XCTAssertTrue(copy.hasSuffix("/Data/mnist"), copy)
        XCTAssertEqual(try MNISTLocator(environment: ["HOME": "/nonexistent"]).locate(), copy)
        let (training, test) = try MNIST.load(directory: copy)
        XCTAssertEqual(training.count, 60_000)
        XCTAssertEqual(test.count, 10_000)
        let sums = try String(contentsOfFile: copy + "/SHA256SUMS", encoding: .utf8)
        for file in MNISTFile.all { XCTAssertTrue(sums.contains("\(file.sha256)  \(file.name)"), file.name) }
    }
}
