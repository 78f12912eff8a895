import Foundation
import NablaCore

/// The bytes of the file at `path`.
func readFile(path: String) throws(NablaError) -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
        throw NablaError.io(file: path, message: "\(reason) (\(error.localizedDescription))")
    }
}

extension Gzip {
    /// The content of the file at `path`, decompressed when it is gzip data (recognised by its
    /// first two bytes, not by its name).
    public static func contents(ofFile path: String) throws(NablaError) -> [UInt8] {
        let bytes = try readFile(path: path)
        return isGzip(bytes) ? try decompress(bytes, file: path) : bytes
    }
}
