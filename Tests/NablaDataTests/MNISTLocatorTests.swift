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

    func testResolutionOrderFlagThenVariableThenCache() throws {
        let flag = try makeCompleteDirectory(), variable = try makeCompleteDirectory(gzipped: true)
        let home = try makeTemporaryDirectory(self)
        let cache = home + "/.cache/nabla/mnist"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for file in MNISTFile.all { try write([], to: cache + "/" + file.name) }
        let environment = ["MNIST_DIR": variable, "HOME": home]

        XCTAssertEqual(try MNISTLocator(dataDirectory: flag, environment: environment).locate(), flag)
        XCTAssertEqual(try MNISTLocator(dataDirectory: nil, environment: environment).locate(), variable)
        XCTAssertEqual(try MNISTLocator(dataDirectory: nil, environment: ["HOME": home]).locate(), cache)
        // An incomplete directory is passed over for the next complete one.
        try FileManager.default.removeItem(atPath: flag + "/" + MNISTFile.testLabels.name)
        XCTAssertEqual(try MNISTLocator(dataDirectory: flag, environment: environment).locate(), variable)
        let locator = MNISTLocator(dataDirectory: flag, environment: environment)
        XCTAssertEqual(locator.places.map(\.origin), ["--data-dir", "MNIST_DIR", "cache"])
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
        XCTAssertThrowsError(try MNIST.prepare(dataDirectory: flag, environment: environment)) { error in
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
}
