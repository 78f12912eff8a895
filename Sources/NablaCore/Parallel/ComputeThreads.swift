import Foundation
import Synchronization

/// How many threads NablaCore's kernels may use (the matrix products inside layers). Executables
/// set it once from `--threads`. Results do not depend on it: kernels split work into pieces
/// chosen from the problem's shape alone, so any thread count gives the same bits.
public enum ComputeThreads {
    private static let storage = Atomic<Int>(ProcessInfo.processInfo.activeProcessorCount)

    public static var count: Int {
        get { storage.load(ordering: .relaxed) }
        set {
            require(newValue >= 1, "ComputeThreads.count must be at least 1, got \(newValue)")
            storage.store(newValue, ordering: .relaxed)
        }
    }
}
