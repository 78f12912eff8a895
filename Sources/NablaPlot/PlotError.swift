/// Why plots could not be written, naming the path and saying what to do.
public enum PlotError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The folder did not exist and could not be made.
    case cannotCreateDirectory(path: String, reason: String)
    /// Something other than a folder is where the folder should be.
    case notADirectory(path: String)
    /// Something other than a regular file (a folder, a link, a device) is where a file would go;
    /// it is never replaced.
    case notAFile(path: String, kind: String)
    /// The file could not be written.
    case cannotWrite(path: String, reason: String)

    /// What went wrong, where, and what to do about it, in one line.
    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "\(path): cannot create the folder for the plots (\(reason)); choose a folder you can write to"
        case .notADirectory(let path):
            return "\(path): is a file, not a folder; choose another folder for the plots, or move the file away"
        case .notAFile(let path, let kind):
            return "\(path): is a \(kind), not a file, and is left as it is; move it away or choose another folder"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the file (\(reason)); check the folder's permissions and free space"
        }
    }
}
