import Foundation

/// Where the MNIST files are looked for, in order:
/// 1. the directory given with `--data-dir`,
/// 2. the `MNIST_DIR` environment variable,
/// 3. the copy in the repository, `Data/mnist` (found from this source file's path, so a binary
///    built from a clone finds it; it is skipped when that folder is gone),
/// 4. the user's cache directory: `$XDG_CACHE_HOME/nabla/mnist` or `~/.cache/nabla/mnist`
///    (`~/Library/Caches/nabla/mnist` on macOS).
/// The first place that holds all the files (each gzipped or not) is used. When none does, the
/// files are downloaded into the first place given explicitly (flag, then variable), else into
/// the cache.
public struct MNISTLocator: Sendable {
    /// A directory to look in, and why it is looked in.
    public struct Place: Equatable, Sendable, CustomStringConvertible {
        public let directory: String
        /// "--data-dir", "MNIST_DIR", "repository" or "cache".
        public let origin: String
        public var description: String { "\(directory) (\(origin))" }
    }

    /// The places to look in, in order.
    public let places: [Place]
    /// The files looked for.
    public let files: [MNISTFile]

    /// `environment` and `repositoryCopy` are parameters so tests can pass their own.
    public init(dataDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                files: [MNISTFile] = MNISTFile.all, repositoryCopy: String? = MNISTLocator.repositoryCopy) {
        var places = [Place]()
        if let flag = dataDirectory, !flag.isEmpty { places.append(Place(directory: flag, origin: "--data-dir")) }
        if let variable = environment["MNIST_DIR"], !variable.isEmpty {
            places.append(Place(directory: variable, origin: "MNIST_DIR"))
        }
        if let repositoryCopy { places.append(Place(directory: repositoryCopy, origin: "repository")) }
        places.append(Place(directory: MNISTLocator.cacheDirectory(environment: environment), origin: "cache"))
        self.places = places
        self.files = files
    }

    /// The repository's `Data/mnist`, three folders up from this file, when it exists.
    public static let repositoryCopy: String? = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/mnist").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
            ? directory : nil
    }()

    /// The per-user cache directory for MNIST.
    public static func cacheDirectory(environment: [String: String]) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        #if os(macOS)
        return home + "/Library/Caches/nabla/mnist"
        #else
        // XDG Base Directory Specification: $XDG_CACHE_HOME if set to an absolute path, else ~/.cache.
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/nabla/mnist" }
        return home + "/.cache/nabla/mnist"
        #endif
    }

    /// Where downloads go: the first place given explicitly, else the cache (never the repository).
    public var downloadPlace: Place { places.first { $0.origin != "repository" }! }

    /// The path of `file` in `directory`: the plain name if it exists, else the `.gz` name, else nil.
    public static func path(of file: MNISTFile, in directory: String) -> String? {
        for name in [file.name, file.gzipName] {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The files missing from `directory`.
    public func missingFiles(in directory: String) -> [MNISTFile] {
        files.filter { MNISTLocator.path(of: $0, in: directory) == nil }
    }

    /// The first place that holds every file, or nil.
    public func completePlace() -> Place? {
        places.first { missingFiles(in: $0.directory).isEmpty }
    }

    /// The directory holding every file; throws `MNISTUnavailable` when no place does.
    public func locate() throws(MNISTUnavailable) -> String {
        if let place = completePlace() { return place.directory }
        throw MNISTUnavailable(missing: missingFiles(in: downloadPlace.directory), searched: places,
                               downloadDirectory: downloadPlace.directory, mirrorFailures: [])
    }
}
