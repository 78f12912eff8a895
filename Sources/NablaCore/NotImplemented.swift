import Foundation

/// What an exercise's stub throws until a learner writes its body: "not implemented yet: see
/// Chapters/02-Backprop/EXERCISES.md #1". `nabla exercises` reads it as "not started".
///
/// A body that cannot throw (a layer's `backward`, an optimizer's `update`) calls
/// `NotImplemented.placeholder(_:_:)` instead: it records that the unwritten body was reached and
/// returns the placeholder, which the checker then never treats as an answer.
public struct NotImplemented: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where the exercise is described: `Chapters/02-Backprop/EXERCISES.md #1`.
    public let reference: String

    public init(_ reference: String) { self.reference = reference }

    public var description: String { "not implemented yet: see \(reference)" }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var reached: NotImplemented?

    /// Records that the unwritten body of `reference` ran, and returns `value` in its place.
    public static func placeholder<T>(_ reference: String, _ value: T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if reached == nil { reached = NotImplemented(reference) }
        return value
    }

    /// The first unwritten body reached since the last call, and forgets it.
    public static func takeReached() -> NotImplemented? {
        lock.lock()
        defer { lock.unlock() }
        defer { reached = nil }
        return reached
    }
}
