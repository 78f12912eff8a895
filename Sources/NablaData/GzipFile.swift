import Foundation
import NablaCore

/// The bytes of the file at `path`; the errors say in words what is wrong and what to do.
func readFile(path: String) throws(NablaError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw NablaError.io(file: path, message: "no such file")
    }
    guard !isDirectory.boolValue else {
        throw NablaError.io(file: path, message: "is a directory where a file was expected; remove or rename it, or point to another directory")
    }
    do {
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        throw NablaError.io(file: path, message: "cannot read the file (\(OutputFile.reasonOf(error))); check its permissions")
    }
}

extension Gzip {
    /// The content of the file at `path`, decompressed when it is gzip data (recognised by its
    /// first two bytes, not by its name), to at most `limit` bytes (see `decompress`).
    public static func contents(ofFile path: String, limit: Int = Inflate.defaultLimit,
                                limitReason: String? = nil) throws(NablaError) -> [UInt8] {
        let bytes = try readFile(path: path)
        return isGzip(bytes) ? try decompress(bytes, file: path, limit: limit, limitReason: limitReason) : bytes
    }
}
