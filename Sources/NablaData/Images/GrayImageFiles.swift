import NablaCore

extension GrayImage {
    /// Reads the PNG or PGM file at `path` (`PNG.decode`, `PGM.decode`), whatever its name: the
    /// format is recognised by the first bytes.
    ///
    /// Throws `NablaError.io` when the file cannot be read, `.malformed` when it is damaged, and
    /// `.unsupported` when it is some other format or a kind of PNG that is not read; every
    /// message names the file and says what to do.
    public static func loading(path: String) throws(NablaError) -> GrayImage {
        try GrayImage(decoding: readFile(path: path), file: path)
    }

    /// Decodes the bytes of a PNG file (signature 89 50 4E 47 0D 0A 1A 0A) or a PGM file ("P5"
    /// or "P2"); `file` names them in errors. Throws as `loading(path:)`.
    public init(decoding bytes: [UInt8], file: String) throws(NablaError) {
        if PNG.isPNG(bytes) {
            self = try PNG.decode(bytes, file: file)
        } else if PGM.isPGM(bytes) {
            self = try PGM.decode(bytes, file: file)
        } else {
            throw NablaError.unsupported("\(file) is not a PNG or PGM file: convert it, e.g. with "
                + "`convert in.jpg -colorspace gray out.png`")
        }
    }

    /// Writes this image to `path` as a PNG file (`PNG.encode`), through a temporary file and a
    /// rename; throws `NablaError.io` when it cannot be written.
    public func writePNG(to path: String) throws(NablaError) {
        try OutputFile.write(PNG.encode(self), to: path, hint: "choose a writable directory")
    }

    /// Writes this image to `path` as a binary PGM file (`PGM.encode`), through a temporary file
    /// and a rename; throws `NablaError.io` when it cannot be written.
    public func writePGM(to path: String) throws(NablaError) {
        try OutputFile.write(PGM.encode(self), to: path, hint: "choose a writable directory")
    }
}
