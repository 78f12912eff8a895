import NablaCore

/// The files of a tar archive (POSIX.1-1988 "ustar", with the GNU and pax extensions that carry
/// long names), read from its bytes: what `tar -xf` would write, without writing it.
///
/// An archive is a sequence of 512-byte blocks. Each member is a header block, then its content
/// padded with zeros to whole blocks; two zero blocks end the archive. The header fields used here
/// (offsets in bytes, numbers in octal ASCII):
///
///     name     0..<100   the path (or its last part, see prefix)
///     size   124..<136   the content's length (GNU: base-256 when the first byte has its high bit set)
///     chksum 148..<156   Σ of the header's 512 bytes, this field counted as 8 spaces
///     type   156         "0" or NUL a file, "5" a directory, "L"/"K" GNU long name/link, "x"/"g" pax headers
///     magic  257..<263   "ustar" NUL (POSIX; old GNU archives: "ustar  ", without a prefix field)
///     prefix 345..<500   ustar: the path is prefix + "/" + name
///
/// Sources: POSIX.1-2017, `pax`, "ustar Interchange Format"; GNU tar manual, "Basic Tar Format".
/// Symbolic and hard links, devices and FIFOs are listed with their kind and no content.
public struct TarArchive: Sendable {
    /// One member of the archive.
    public struct Entry: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case file, directory, other(UInt8) }
        /// The member's path inside the archive, as stored: "cifar-10-batches-bin/data_batch_1.bin".
        public let path: String
        public let kind: Kind
        /// Where the content lies in the archive's bytes.
        public let content: Range<Int>
    }

    /// The archive's bytes.
    public let bytes: [UInt8]
    /// The members in archive order (pax and GNU long-name headers are applied, not listed).
    public let entries: [Entry]

    /// Parses `bytes`; `file` names the archive in errors. Throws `NablaError.malformed` for a
    /// header whose checksum or numbers are wrong, or content that runs past the end.
    public init(bytes: [UInt8], file: String) throws(NablaError) {
        var entries = [Entry]()
        var offset = 0
        var longPath: String?
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }  // the end-of-archive blocks
            func malformed(_ message: String) -> NablaError {
                .malformed(file: file, message: "the tar header at byte \(offset) \(message): the archive is damaged or is not a tar file")
            }
            // chksum = Σ header bytes, the checksum field itself counted as spaces
            var sum = 0
            for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
            guard let stored = TarArchive.octal(header, 148..<156, base: offset), stored == sum else {
                throw malformed("has a wrong checksum")
            }
            guard let size = TarArchive.size(header, base: offset) else { throw malformed("has an unreadable size") }
            let start = offset + 512
            guard size <= bytes.count - start else {
                throw malformed("announces \(size) bytes of content, but the archive ends \(bytes.count - start) bytes later")
            }
            let type = header[offset + 156]
            switch type {
            case UInt8(ascii: "L"):
                longPath = TarArchive.string(bytes[start..<start + size])
            case UInt8(ascii: "x"):
                if let path = TarArchive.paxPath(bytes[start..<start + size]) { longPath = path }
            case UInt8(ascii: "g"), UInt8(ascii: "K"):  // pax global header, GNU long link name: nothing to list
                break
            default:
                var path = TarArchive.string(header[offset..<offset + 100])
                let prefix = TarArchive.string(header[offset + 345..<offset + 500])
                // POSIX's magic is "ustar" and a NUL; old GNU headers ("ustar  ") keep other fields there
                if Array(header[offset + 257..<offset + 263]) == Array("ustar\0".utf8) && !prefix.isEmpty { path = prefix + "/" + path }
                let kind: Entry.Kind = type == UInt8(ascii: "0") || type == 0 ? .file : type == UInt8(ascii: "5") ? .directory : .other(type)
                entries.append(Entry(path: longPath ?? path, kind: kind, content: start..<start + (kind == .file ? size : 0)))
                longPath = nil
            }
            // the content, padded to whole 512-byte blocks
            offset = start + (size + 511) / 512 * 512
        }
        (self.bytes, self.entries) = (bytes, entries)
    }

    /// The content of the file whose path is `path` or ends in "/" + `path`; nil when there is none.
    public func contents(of path: String) -> ArraySlice<UInt8>? {
        entries.first { $0.kind == .file && ($0.path == path || $0.path.hasSuffix("/" + path)) }.map { bytes[$0.content] }
    }

    /// Text up to the first NUL.
    static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal number padded with spaces or NULs; nil when it holds anything else.
    static func octal(_ header: ArraySlice<UInt8>, _ field: Range<Int>, base: Int) -> Int? {
        let digits = header[(base + field.lowerBound)..<(base + field.upperBound)]
            .drop { $0 == 32 }.prefix { $0 != 0 && $0 != 32 }
        guard digits.count <= 21 else { return nil }
        var value = 0
        for digit in digits {
            guard (48...55).contains(digit) else { return nil }
            value = value * 8 + Int(digit - 48)
        }
        return value
    }

    /// The size field: octal, or GNU's base-256 (big-endian, high bit of the first byte set) for
    /// sizes of 8 GiB and more.
    static func size(_ header: ArraySlice<UInt8>, base: Int) -> Int? {
        let first = header[base + 124]
        guard first & 0x80 != 0 else { return octal(header, 124..<136, base: base) }
        var value = Int(first & 0x7F)
        for byte in header[(base + 125)..<(base + 136)] {
            guard value < Int.max >> 8 else { return nil }
            value = value << 8 | Int(byte)
        }
        return value
    }

    /// The "path" record of a pax extended header: records "<length> path=<value>\n".
    static func paxPath(_ records: ArraySlice<UInt8>) -> String? {
        for record in String(decoding: records, as: UTF8.self).split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let keyValue = record[record.index(after: space)...]
            if keyValue.hasPrefix("path=") { return String(keyValue.dropFirst(5)) }
        }
        return nil
    }
}
