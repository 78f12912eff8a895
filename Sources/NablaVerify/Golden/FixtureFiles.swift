import Foundation
import NablaCore

/// The fixture files named by `paths`: files as given, directories searched (recursively) for
/// `.json` files, sorted by path so reports are in a stable order.
public func fixtureFiles(in paths: [String]) throws -> [String] {
    var files: [String] = []
    let manager = FileManager.default
    for path in paths {
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NablaError.io(file: path, message: "no such file or directory")
        }
        if !isDirectory.boolValue {
            files.append(path)
            continue
        }
        guard let enumerator = manager.enumerator(atPath: path) else {
            throw NablaError.io(file: path, message: "cannot list the directory")
        }
        var found: [String] = []
        for case let relative as String in enumerator where relative.hasSuffix(".json") {
            found.append((path as NSString).appendingPathComponent(relative))
        }
        files += found.sorted()
    }
    return files
}

/// The folder of `GoldenData` that holds the exercises' fixtures: their ops exist only once a
/// learner writes them, so `nabla verify` and the library's own tests leave it out.
public let exerciseFixtureFolder = "exercises"

/// The fixtures of Nabla's own ops: every `.json` file below `goldenData` except those in
/// `exerciseFixtureFolder`.
public func libraryFixtureFiles(in goldenData: String) throws -> [String] {
    try fixtureFiles(in: [goldenData]).filter { !$0.contains("/\(exerciseFixtureFolder)/") }
}
