import Foundation

extension MNIST {
    /// Real MNIST for a test that trains on it, from `$MNIST_DIR` or else the repository's copy,
    /// never downloaded. In a debug build (training is ~50× slower) or without either, it throws
    /// `skip(reason)` instead: tests pass `{ XCTSkip($0) }`, so they are reported as skipped, with the reason.
    public static func forTests(environment: [String: String] = ProcessInfo.processInfo.environment,
                                skip: (String) -> any Error) throws -> (training: ImageDataset, test: ImageDataset) {
        #if DEBUG
        throw skip("trains on real MNIST: run in a release build (swift test -c release)")
        #else
        guard let directory = environment["MNIST_DIR"].flatMap({ $0.isEmpty ? nil : $0 }) ?? MNISTLocator.repositoryCopy else {
            throw skip("MNIST_DIR not set and the repository's Data/mnist is gone: point MNIST_DIR at the four MNIST files")
        }
        return try load(directory: directory)
        #endif
    }
}
