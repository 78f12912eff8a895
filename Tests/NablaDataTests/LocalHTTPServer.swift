import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny single-threaded HTTP/1.0 server for tests: it listens on 127.0.0.1 only, on a port the
/// system picks, answers each GET from `route`, and records the paths asked for. It runs on a
/// background thread until `stop()` or, at the latest, 60 seconds after it started.
final class LocalHTTPServer: @unchecked Sendable {
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
        /// Seconds to wait before answering at all (a server that does not answer).
        var answerDelay: TimeInterval = 0
        /// Send the body `trickle.bytes` at a time, `trickle.delay` seconds apart (a trickling mirror).
        var trickle: (bytes: Int, delay: TimeInterval)?
        static let notFound = Response(status: 404, body: Array("not found".utf8))
    }

    let port: UInt16
    private let listener: Int32
    private let route: @Sendable (String) -> Response
    private let lock = NSLock()
    private var stopRequested = false
    private var paths: [String] = []
    private let stopped = DispatchSemaphore(value: 0)

    init(route: @escaping @Sendable (String) -> Response) throws {
        self.route = route
        (listener, port) = try LocalHTTPServer.listenOnLoopback()
        Thread.detachNewThread { [self] in serve() }
    }

    /// The base URL of `folder`, e.g. "http://127.0.0.1:5555/a/".
    func url(_ folder: String) -> String { "http://127.0.0.1:\(port)/\(folder)/" }

    /// The request paths received so far, in order.
    var requestedPaths: [String] { lock.withLock { paths } }

    func stop() {
        lock.withLock { stopRequested = true }
        stopped.wait()
    }

    private static func listenOnLoopback() throws -> (Int32, UInt16) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw ServerError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    private func serve() {
        let deadline = Date().addingTimeInterval(60)
        while !lock.withLock({ stopRequested }) && Date() < deadline {
            var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            answer(client)
            close(client)
        }
        close(listener)
        stopped.signal()
    }

    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var request = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while request.count < 65536 {
            let count = read(client, &chunk, chunk.count)
            if count <= 0 { break }
            request += chunk[0..<count]
            if request.count >= 4 && request.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) { break }
        }
        // Request line: "GET /path HTTP/1.1".
        let firstLine = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
        let parts = firstLine.split(separator: " ")
        let path = parts.count >= 2 ? String(parts[1]) : "/"
        lock.withLock { paths.append(path) }
        let response = route(path)
        if !pause(response.answerDelay) { return }
        let reason = [200: "OK", 404: "Not Found", 500: "Internal Server Error"][response.status] ?? "Status"
        let head = "HTTP/1.0 \(response.status) \(reason)\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        guard let trickle = response.trickle else { sendAll(client, Array(head.utf8) + response.body); return }
        guard sendAll(client, Array(head.utf8)) else { return }
        for start in stride(from: 0, to: response.body.count, by: trickle.bytes) {
            guard pause(trickle.delay),
                  sendAll(client, Array(response.body[start..<min(start + trickle.bytes, response.body.count)])) else { return }
        }
    }

    /// Sleeps `seconds` in short naps; false when `stop()` was asked for meanwhile.
    private func pause(_ seconds: TimeInterval) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if lock.withLock({ stopRequested }) { return false }
            Thread.sleep(forTimeInterval: min(0.02, max(0, end.timeIntervalSinceNow)))
        }
        return !lock.withLock { stopRequested }
    }

    /// Sends every byte; false when the client has gone.
    @discardableResult
    private func sendAll(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var sent = 0
        return bytes.withUnsafeBytes { buffer in
            while sent < buffer.count {
                let count = send(client, buffer.baseAddress! + sent, buffer.count - sent, flags)
                if count <= 0 { return false }
                sent += count
            }
            return true
        }
    }
}

struct ServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
