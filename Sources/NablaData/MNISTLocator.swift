import Foundation

/// Where a data set's files are looked for, in order (MNIST's names in brackets):
/// 1. the directory given with `--data-dir`,
/// 2. the data set's environment variable (`MNIST_DIR`; `FASHION_MNIST_DIR`),
/// 3. the copy in the repository, `Data/mnist`, for MNIST only (found from this source file's
///    path, so a binary built from a clone finds it; it is skipped when that folder is gone),
/// 4. the folders system packages install it in (Debian's `dataset-fashion-mnist`:
///    /usr/share/datasets/fashion-mnist),
/// 5. the user's cache directory: `$XDG_CACHE_HOME/nabla/<name>` or `~/.cache/nabla/<name>`
///    (`~/Library/Caches/nabla/<name>` on macOS), `<name>` the data set's (`mnist`).
/// The first place that holds all the files (each gzipped or not) is used. When none does, the
/// files are downloaded into the first place given explicitly (flag, then variable), else into
/// the cache.
public struct MNISTLocator: Sendable {
    /// A directory to look in, and why it is looked in.
    public struct Place: Equatable, Sendable, CustomStringConvertible {
        public let directory: String
        /// "--data-dir", the environment variable ("MNIST_DIR"), "repository", "system" or "cache".
        public let origin: String
        public var description: String { "\(directory) (\(origin))" }
    }

    /// The places to look in, in order.
    public let places: [Place]
    /// The files looked for.
    public let files: [MNISTFile]
    /// The data set looked for.
    public let dataset: IDXDataset

    /// `environment` and `repositoryCopy` are parameters so tests can pass their own; `files`
    /// replaces the data set's (tests of the search itself).
    public init(dataDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                dataset: IDXDataset = .mnist, files: [MNISTFile]? = nil,
                repositoryCopy: String? = MNISTLocator.repositoryCopy) {
        var places = [Place]()
        if let flag = dataDirectory, !flag.isEmpty { places.append(Place(directory: flag, origin: "--data-dir")) }
        if let variable = environment[dataset.environmentVariable], !variable.isEmpty {
            places.append(Place(directory: variable, origin: dataset.environmentVariable))
        }
        if dataset.isInRepository, let repositoryCopy { places.append(Place(directory: repositoryCopy, origin: "repository")) }
        places += dataset.systemDirectories.map { Place(directory: $0, origin: "system") }
        places.append(Place(directory: MNISTLocator.cacheDirectory(environment: environment, dataset: dataset.name), origin: "cache"))
        (self.places, self.files, self.dataset) = (places, files ?? dataset.files, dataset)
    }

    /// The repository's `Data/mnist`, three folders up from this file, when it exists.
    public static let repositoryCopy: String? = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/mnist").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
            ? directory : nil
    }()

    /// The per-user cache directory for the data set called `dataset`.
    public static func cacheDirectory(environment: [String: String], dataset: String = "mnist") -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        #if os(macOS)
        return home + "/Library/Caches/nabla/" + dataset
        #else
        // XDG Base Directory Specification: $XDG_CACHE_HOME if set to an absolute path, else ~/.cache.
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/nabla/" + dataset }
        return home + "/.cache/nabla/" + dataset
        #endif
    }

    /// Where downloads go: the first place given explicitly, else the cache (never the repository
    /// or a system folder).
    public var downloadPlace: Place { places.first { $0.origin != "repository" && $0.origin != "system" }! }

    /// The path of `file` in `directory`: the plain name if it exists, else the `.gz` name, else nil
    /// (only the `.gz` name for a file checked by its gzip's SHA-256).
    public static func path(of file: MNISTFile, in directory: String) -> String? {
        for name in file.checksumIsOfGzip ? [file.gzipName] : [file.name, file.gzipName] {
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
                               downloadDirectory: downloadPlace.directory, mirrorFailures: [], dataset: dataset)
    }
}
