import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches one URL into memory, blocking until done, and reports the bytes received so far.
/// Returns the body of a 2xx response; throws a one-line reason otherwise.
func fetch(_ url: URL, timeout: TimeInterval,
           progress: @escaping @Sendable (_ received: Int, _ expected: Int?) -> Void) throws(FetchFailure) -> Data {
    let delegate = FetchDelegate(progress: progress)
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    session.dataTask(with: url).resume()
    delegate.finished.wait()
    session.finishTasksAndInvalidate()
    return try delegate.result()
}

/// Why a fetch failed, in one line: "HTTP 404 (Not Found)", "Could not resolve host: …", ...
struct FetchFailure: Error, CustomStringConvertible {
    let description: String
    /// No answer at all (no network, unknown host, refused, timed out), as opposed to an answer
    /// that was an error or damaged: the server is not worth asking for other files.
    var isUnreachable = false
}

/// Collects the response of one data task. URLSession calls it on its own queue; `lock` guards
/// the state, and `finished` is signalled once the task has completed.
private final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private let progress: @Sendable (Int, Int?) -> Void
    private var body = Data()
    private var statusCode = 0
    private var expectedLength: Int?
    private var failure: Error?

    init(progress: @escaping @Sendable (Int, Int?) -> Void) { self.progress = progress }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.withLock {
            statusCode = (response as? HTTPURLResponse)?.statusCode ?? 200
            expectedLength = response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let (received, expected) = lock.withLock {
            body.append(data)
            return (body.count, expectedLength)
        }
        if (200..<300).contains(lock.withLock { statusCode }) { progress(received, expected) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.withLock { failure = error }
        finished.signal()
    }

    func result() throws(FetchFailure) -> Data {
        let (failure, statusCode, body) = lock.withLock { (self.failure, self.statusCode, self.body) }
        if let failure { throw FetchFailure(description: failure.localizedDescription, isUnreachable: true) }
        guard (200..<300).contains(statusCode) else {
            throw FetchFailure(description: "HTTP \(statusCode) (\(HTTPURLResponse.localizedString(forStatusCode: statusCode)))")
        }
        return body
    }
}
