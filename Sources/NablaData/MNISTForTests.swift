import Foundation

extension MNIST {
    /// Real MNIST for a test that trains on it, from `$MNIST_DIR`, never downloaded. In a debug
    /// build (training is ~50× slower) or without `$MNIST_DIR`, it throws `skip(reason)` instead:
    /// tests pass `{ XCTSkip($0) }`, so they are reported as skipped, with the reason.
    public static func forTests(environment: [String: String] = ProcessInfo.processInfo.environment,
                                skip: (String) -> any Error) throws -> (training: ImageDataset, test: ImageDataset) {
        #if DEBUG
        throw skip("trains on real MNIST: run in a release build (swift test -c release)")
        #else
        guard let directory = environment["MNIST_DIR"], !directory.isEmpty else {
            throw skip("MNIST_DIR not set: point it at a directory with the four MNIST files to run this test")
        }
        return try load(directory: directory)
        #endif
    }
}
