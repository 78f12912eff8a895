import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How long and how much a fetch may take before it is given up.
struct FetchLimits: Sendable {
    /// Seconds to wait for the server's first answer, and the length of the window over which
    /// the speed is measured.
    var timeout: TimeInterval
    /// The least average speed, in bytes per second, over each window of `timeout` seconds: a
    /// server that trickles a byte now and then never times out, but falls below this.
    var minimumBytesPerSecond: Double
    /// The most bytes the body may have (what the file can be, compressed, with room to spare).
    var maximumBytes: Int
}

/// Fetches one URL into memory, blocking until done, and reports the bytes received so far.
/// Returns the body of a 2xx response; throws a one-line reason, in words, otherwise.
func fetch(_ url: URL, limits: FetchLimits,
           progress: @escaping @Sendable (_ received: Int, _ expected: Int?) -> Void) throws(FetchFailure) -> Data {
    let delegate = FetchDelegate(progress: progress, maximumBytes: limits.maximumBytes)
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = limits.timeout
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    let task = session.dataTask(with: url)
    task.resume()
    var windowStart = Date(), bytesAtWindowStart = 0
    while delegate.finished.wait(timeout: .now() + 0.1) == .timedOut {
        let elapsed = Date().timeIntervalSince(windowStart)
        guard elapsed >= limits.timeout else { continue }
        let (received, answered) = delegate.progressSoFar
        let speed = Double(received - bytesAtWindowStart) / elapsed
        if !answered {
            delegate.fail(FetchFailure(description: "the server did not answer within \(seconds(limits.timeout)); it may be down: "
                                       + "try again later, or set NABLA_MNIST_MIRRORS to another mirror", isUnreachable: true))
            task.cancel()
        } else if speed < limits.minimumBytesPerSecond {
            delegate.fail(FetchFailure(description: "the server sends too slowly (\(byteCountText(received - bytesAtWindowStart)) in the last "
                                       + "\(seconds(elapsed)), \(byteCountText(received)) in all; at least "
                                       + "\(byteCountText(Int(limits.minimumBytesPerSecond)))/s is needed): gave up; try again later "
                                       + "or set NABLA_MNIST_MIRRORS to another mirror"))
            task.cancel()
        }
        (windowStart, bytesAtWindowStart) = (Date(), received)
    }
    session.finishTasksAndInvalidate()
    return try delegate.result(timeout: limits.timeout)
}

/// "30 s", "1.5 s".
private func seconds(_ value: TimeInterval) -> String {
    value.rounded() == value ? "\(Int(value)) s" : String(format: "%.1f s", value)
}

/// Why a fetch failed, in one line: "HTTP 404 (Not Found)", "the server did not answer within 30 s", ...
struct FetchFailure: Error, CustomStringConvertible {
    let description: String
    /// No answer at all (no network, unknown host, refused, timed out), as opposed to an answer
    /// that was an error or damaged: the server is not worth asking for other files.
    var isUnreachable = false

    /// A URLSession error in words. Foundation on Linux describes most of them only as
    /// "NSURLErrorDomain error -1001", which tells a user nothing.
    init(_ error: any Error, timeout: TimeInterval) {
        let code = (error as NSError).domain == NSURLErrorDomain ? URLError.Code(rawValue: (error as NSError).code) : nil
        switch code {
        case .timedOut?:
            description = "the server did not answer within \(seconds(timeout)) (timed out); it may be down: try again later, "
                + "or set NABLA_MNIST_MIRRORS to another mirror"
        case .cannotFindHost?, .dnsLookupFailed?:
            description = "cannot find the server's host name: check the network connection and the mirror's address"
        case .cannotConnectToHost?:
            description = "the server refused the connection (nothing answers at that address and port)"
        case .notConnectedToInternet?:
            description = "this computer is not connected to the internet: connect, or copy the files by hand (see below)"
        case .networkConnectionLost?:
            description = "the connection was lost during the download: try again"
        case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
             .serverCertificateNotYetValid?, .serverCertificateHasUnknownRoot?, .clientCertificateRejected?:
            description = "the secure (HTTPS) connection failed: check the system's date and certificates, or use another mirror"
        case .unsupportedURL?, .badURL?:
            description = "not a URL this program can fetch (use http:// or https://)"
        default:
            let text = error.localizedDescription
            description = text.contains("Domain") ? "network error \((error as NSError).code) (\((error as NSError).domain))" : text
        }
        isUnreachable = true
    }

    init(description: String, isUnreachable: Bool = false) {
        self.description = description
        self.isUnreachable = isUnreachable
    }
}

/// Collects the response of one data task. URLSession calls it on its own queue; `lock` guards
/// the state, and `finished` is signalled once the task has completed.
private final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private let progress: @Sendable (Int, Int?) -> Void
    private let maximumBytes: Int
    private var body = Data()
    private var statusCode = 0
    private var expectedLength: Int?
    private var answered = false
    private var failure: FetchFailure?
    private var taskError: (any Error)?

    init(progress: @escaping @Sendable (Int, Int?) -> Void, maximumBytes: Int) {
        self.progress = progress
        self.maximumBytes = maximumBytes
    }

    /// The bytes received so far, and whether the server has answered at all.
    var progressSoFar: (received: Int, answered: Bool) { lock.withLock { (body.count, answered) } }

    /// Ends the fetch with `failure` (the caller then cancels the task); a later error from the
    /// cancellation does not replace it.
    func fail(_ failure: FetchFailure) {
        lock.withLock { if self.failure == nil { self.failure = failure } }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.withLock {
            answered = true
            statusCode = (response as? HTTPURLResponse)?.statusCode ?? 200
            expectedLength = response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let (received, expected, tooLarge) = lock.withLock {
            answered = true
            body.append(data)
            return (body.count, expectedLength, body.count > maximumBytes)
        }
        if tooLarge {
            fail(FetchFailure(description: "the server sent more than \(byteCountText(maximumBytes)), more than the file can be: "
                              + "not the expected file"))
            dataTask.cancel()
            return
        }
        if (200..<300).contains(lock.withLock { statusCode }) { progress(received, expected) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.withLock { taskError = error }
        finished.signal()
    }

    func result(timeout: TimeInterval) throws(FetchFailure) -> Data {
        let (failure, taskError, statusCode, body) = lock.withLock { (self.failure, self.taskError, self.statusCode, self.body) }
        if let failure { throw failure }
        if let taskError {
            throw FetchFailure(taskError, timeout: timeout)
        }
        guard (200..<300).contains(statusCode) else {
            throw FetchFailure(description: "HTTP \(statusCode) (\(HTTPURLResponse.localizedString(forStatusCode: statusCode)))")
        }
        return body
    }
}
