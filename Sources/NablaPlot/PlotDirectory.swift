import Foundation

/// Writes charts and reports into a folder: `name.svg` and `name.csv` for each chart, and
/// `index.html` for a report. The folder is created when missing (with its parents). A file is
/// replaced in one step (written beside it, then renamed), so a reader never sees half of it;
/// anything at a file's path that is not a regular file (a folder, a link, a device) is left
/// alone and reported as an error.
public enum PlotDirectory {
    /// Writes each figure's SVG and CSV, then `index.html`, into `directory`; returns the paths
    /// written, in that order.
    @discardableResult
    public static func write(_ report: HTMLReport, to directory: String) throws(PlotError) -> [String] {
        try prepare(directory)
        var written: [String] = []
        for (figure, name) in zip(report.figures, report.fileNames) {
            written += try writeFiles(of: figure.chart, named: name, in: directory)
        }
        let page = path(directory, "index.html")
        try writeText(report.html(), to: page)
        return written + [page]
    }

    /// Writes `name.svg` and `name.csv` of one chart into `directory`; returns their paths. The
    /// name is made safe for a file as a figure's name is (see `HTMLReport.fileNames`).
    @discardableResult
    public static func write(_ chart: any Chart, named name: String, to directory: String) throws(PlotError) -> [String] {
        try prepare(directory)
        return try writeFiles(of: chart, named: fileStems(of: [Figure(name: name, chart: chart)])[0], in: directory)
    }

    private static func writeFiles(of chart: any Chart, named name: String, in directory: String) throws(PlotError) -> [String] {
        let (svg, csv) = (path(directory, name + ".svg"), path(directory, name + ".csv"))
        try writeText(chart.svg(), to: svg)
        try writeText(chart.csv(), to: csv)
        return [svg, csv]
    }

    private static func path(_ directory: String, _ file: String) -> String {
        (directory as NSString).appendingPathComponent(file)
    }

    /// Makes sure `directory` is a folder, creating it if nothing is there.
    private static func prepare(_ directory: String) throws(PlotError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notADirectory(path: directory) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory, reason: reason(error))
        }
    }

    private static func writeText(_ text: String, to path: String) throws(PlotError) {
        if let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType,
           type != .typeRegular {
            throw .notAFile(path: path, kind: kindName(type))
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: reason(error))
        }
    }

    private static func kindName(_ type: FileAttributeType) -> String {
        switch type {
        case .typeDirectory: return "folder"
        case .typeSymbolicLink: return "symbolic link"
        case .typeCharacterSpecial, .typeBlockSpecial: return "device"
        case .typeSocket: return "socket"
        default: return "special file"
        }
    }

    /// The system's reason for a failure, without Foundation's wrapping ("The operation could not
    /// be completed…") when it has a plainer one.
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return nsError.localizedDescription
    }
}
