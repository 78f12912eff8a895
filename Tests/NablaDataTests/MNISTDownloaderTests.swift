import Foundation
import XCTest
import NablaCore
import NablaData
import NablaTestSupport

/// The download path end to end, against a local server on 127.0.0.1 with three mirrors:
/// "a" answers 404, "b" serves damaged files, "c" serves good ones.
final class MNISTDownloaderTests: XCTestCase {
    /// Four tiny stand-ins for the MNIST files, under the real names, with their own checksums.
    struct FakeMNIST {
        let contents: [String: [UInt8]]
        let files: [MNISTFile]

        init() {
            let (trainImages, trainLabels) = tinyDataset(count: 12)
            let (testImages, testLabels) = tinyDataset(count: 4)
            let idx = [trainImages, trainLabels, testImages, testLabels].map { $0.encoded() }
            contents = Dictionary(uniqueKeysWithValues: zip(MNISTFile.all.map(\.name), idx))
            files = zip(MNISTFile.all, idx).map { MNISTFile(name: $0.name, sha256: SHA256.hexDigest(of: $1)) }
        }
    }

    /// Collects the downloader's messages.
    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    func startServer(_ fake: FakeMNIST) throws -> LocalHTTPServer {
        let contents = fake.contents
        let server = try LocalHTTPServer { path in
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count == 2, parts[1].hasSuffix(".gz"), let content = contents[String(parts[1].dropLast(3))] else {
                return .notFound
            }
            switch parts[0] {
            case "b" where parts[1].hasPrefix("train-images"):
                // Valid gzip of the wrong bytes: only the SHA-256 check can tell.
                var damaged = content
                damaged[damaged.count - 1] ^= 0xFF
                return .init(status: 200, body: gzipStored(damaged))
            case "b":
                // A flipped byte inside the gzip data: its CRC-32 no longer matches.
                var broken = gzipStored(content)
                broken[20] ^= 0xFF
                return .init(status: 200, body: broken)
            case "c": return .init(status: 200, body: gzipStored(content))
            default: return .notFound
            }
        }
        addTeardownBlock { server.stop() }
        return server
    }

    func testFailingMirrorsAreReportedAndTheNextOneUsed() throws {
        let fake = FakeMNIST()
        let server = try startServer(fake)
        let home = try makeTemporaryDirectory(self)
        let environment = ["HOME": home, "XDG_CACHE_HOME": home + "/cache",
                           "NABLA_MNIST_MIRRORS": [server.url("a"), server.url("b"), server.url("c")].joined(separator: ",")]
        var downloader = MNISTDownloader(environment: environment)
        let messages = Messages()
        downloader.report = { messages.append($0) }
        downloader.showsLiveProgress = false

        let directory = try MNIST.prepare(environment: environment, files: fake.files, repositoryCopy: nil, downloader: downloader)
        XCTAssertEqual(directory, home + "/cache/nabla/mnist")
        // Only the four checked files, decompressed; no temporary file left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), fake.files.map(\.name).sorted())
        for file in fake.files {
            XCTAssertEqual(try Gzip.contents(ofFile: directory + "/" + file.name), fake.contents[file.name])
        }
        let (training, test) = try MNIST.load(directory: directory, files: fake.files)
        XCTAssertEqual(training.count, 12)
        XCTAssertEqual(test.count, 4)

        // Each file was asked of a, then b, then c.
        XCTAssertEqual(server.requestedPaths, fake.files.flatMap { file in ["a", "b", "c"].map { "/\($0)/\(file.gzipName)" } })
        let log = messages.all.joined(separator: "\n")
        for expected in [server.url("a") + "train-images-idx3-ubyte.gz: HTTP 404",
                         server.url("b") + "train-images-idx3-ubyte.gz: SHA-256 mismatch",
                         server.url("b") + "train-labels-idx1-ubyte.gz: not valid gzip data: CRC-32 mismatch",
                         "t10k-labels-idx1-ubyte: 12 bytes from \(server.url("c")), SHA-256 verified"] {
            XCTAssertTrue(log.contains(expected), "\(expected) not in:\n\(log)")
        }

        // Now the files are in the cache: nothing more is fetched.
        let before = server.requestedPaths.count
        XCTAssertEqual(try MNIST.prepare(environment: environment, files: fake.files, repositoryCopy: nil, downloader: downloader), directory)
        XCTAssertEqual(server.requestedPaths.count, before)
    }

    func testWhenEveryMirrorFailsNothingIsWrittenAndEachReasonIsListed() throws {
        let fake = FakeMNIST()
        let server = try startServer(fake)
        let home = try makeTemporaryDirectory(self)
        let closedPort = "http://127.0.0.1:\(try unusedPort())/"
        let environment = ["HOME": home, "NABLA_MNIST_MIRRORS": [server.url("a"), server.url("b"), closedPort].joined(separator: ",")]
        var downloader = MNISTDownloader(environment: environment)
        downloader.report = { _ in }
        downloader.showsLiveProgress = false
        downloader.timeout = 5

        XCTAssertThrowsError(try MNIST.prepare(environment: environment, files: fake.files, repositoryCopy: nil, downloader: downloader)) { error in
            guard let unavailable = error as? MNISTUnavailable else { return XCTFail("\(error)") }
            XCTAssertEqual(unavailable.missing, fake.files)
            // a and b fail for each file; the closed port only once, then it is skipped as unreachable.
            XCTAssertEqual(unavailable.mirrorFailures.count, 4 * 2 + 1)
            XCTAssertEqual(unavailable.mirrorFailures.filter { $0.hasPrefix(closedPort) },
                           unavailable.mirrorFailures.filter { $0.hasPrefix(closedPort + "train-images-idx3-ubyte.gz: ") })
            let message = "\(error)"
            for expected in [server.url("a") + "t10k-images-idx3-ubyte.gz: HTTP 404",
                             server.url("b") + "t10k-images-idx3-ubyte.gz: not valid gzip data",
                             closedPort + "train-images-idx3-ubyte.gz: the server refused the connection",
                             home + "/.cache/nabla/mnist (cache)"] {
                XCTAssertTrue(message.contains(expected), "\(expected) not in:\n\(message)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home + "/.cache/nabla/mnist"), [])
    }

    /// Issue 10, item 15: a mirror that trickles data is given up with a reason in words, and a
    /// log (standard error not a terminal) shows progress lines meanwhile.
    func testATricklingMirrorIsGivenUpAndProgressIsReported() throws {
        let fake = FakeMNIST()
        let content = gzipStored(fake.contents[MNISTFile.trainLabels.name]!)
        let server = try LocalHTTPServer { _ in .init(status: 200, body: content + [UInt8](repeating: 0, count: 4000), trickle: (bytes: 200, delay: 0.1)) }
        addTeardownBlock { server.stop() }
        let home = try makeTemporaryDirectory(self)
        var downloader = MNISTDownloader(mirrors: [server.url("slow")])
        let messages = Messages()
        downloader.report = { messages.append($0) }
        downloader.showsLiveProgress = false
        downloader.timeout = 1
        downloader.progressInterval = 0.3
        downloader.minimumBytesPerSecond = 10_000
        let file = MNISTFile(name: MNISTFile.trainLabels.name, sha256: fake.files[1].sha256)
        let started = Date()
        let outcome = try downloader.download([file], into: home)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "a trickle must not hang the download")
        XCTAssertEqual(outcome.unavailable, [file])
        let failure = outcome.failures.joined()
        XCTAssertTrue(failure.contains("the server sends too slowly") && failure.contains("NABLA_MNIST_MIRRORS"), failure)
        XCTAssertTrue(messages.all.contains { $0.hasPrefix("  train-labels-idx1-ubyte.gz: ") && $0.hasSuffix("so far") },
                      messages.all.joined(separator: "\n"))
    }

    /// `--quiet`: the same trickle shows no progress lines, but still says why it gave up.
    func testQuietSilencesTheProgressLinesButNotTheFailure() throws {
        ProgressLines.silence()
        addTeardownBlock { ProgressLines.silence(false) }
        XCTAssertFalse(ProgressLines.drawLive)
        let fake = FakeMNIST()
        let content = gzipStored(fake.contents[MNISTFile.trainLabels.name]!)
        let server = try LocalHTTPServer { _ in .init(status: 200, body: content + [UInt8](repeating: 0, count: 4000), trickle: (bytes: 200, delay: 0.1)) }
        addTeardownBlock { server.stop() }
        var downloader = MNISTDownloader(mirrors: [server.url("slow")])
        let messages = Messages()
        downloader.report = { messages.append($0) }
        downloader.showsLiveProgress = false
        (downloader.timeout, downloader.progressInterval, downloader.minimumBytesPerSecond) = (1, 0.3, 10_000)
        let file = MNISTFile(name: MNISTFile.trainLabels.name, sha256: fake.files[1].sha256)
        let outcome = try downloader.download([file], into: try makeTemporaryDirectory(self))
        XCTAssertTrue(outcome.failures.joined().contains("the server sends too slowly"), outcome.failures.joined())
        XCTAssertFalse(messages.all.contains { $0.hasSuffix("so far") }, messages.all.joined(separator: "\n"))
    }

    /// A server that accepts the connection and never answers is reported in words, not as
    /// "NSURLErrorDomain error -1001".
    func testAServerThatNeverAnswersIsReportedInWords() throws {
        let server = try LocalHTTPServer { _ in .init(status: 200, body: [1], answerDelay: 30) }
        addTeardownBlock { server.stop() }
        var downloader = MNISTDownloader(mirrors: [server.url("silent")])
        downloader.report = { _ in }
        downloader.showsLiveProgress = false
        downloader.timeout = 1
        let outcome = try downloader.download([MNISTFile.testLabels], into: try makeTemporaryDirectory(self))
        let failure = outcome.failures.joined()
        XCTAssertTrue(failure.contains("did not answer within 1 s"), failure)
        XCTAssertFalse(failure.contains("Domain"), failure)
    }

    /// A port on 127.0.0.1 that nothing listens on: one the system gave a server that has stopped.
    func unusedPort() throws -> UInt16 {
        let server = try LocalHTTPServer { _ in .notFound }
        server.stop()
        return server.port
    }
}
