import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class IDXFileTests: XCTestCase {
    func testPlainAndGzippedFilesParse() throws {
        let directory = try makeTemporaryDirectory(self)
        let file = IDXFile(elementType: .unsignedByte, shape: [2, 2, 3], data: Array(0..<12))
        // Gzip is recognised by its magic number: the gzipped copy's name has no ".gz".
        try write(file.encoded(), to: directory + "/plain")
        try write(gzipStored(file.encoded()), to: directory + "/compressed")
        for name in ["plain", "compressed"] {
            let read = try IDXFile.read(path: directory + "/" + name)
            XCTAssertEqual(read, file, name)
            XCTAssertEqual(read.shape, [2, 2, 3])
        }
    }

    func testHeaderLayout() {
        let file = IDXFile(elementType: .unsignedByte, shape: [3, 258], data: [UInt8](repeating: 9, count: 774))
        XCTAssertEqual(Array(file.encoded().prefix(12)), [0, 0, 0x08, 2, 0, 0, 0, 3, 0, 0, 1, 2])
    }

    func testWiderElementTypesParse() throws {
        let file = try IDXFile(parsing: [0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2], file: "ints")
        XCTAssertEqual(file.elementType, .int32)
        XCTAssertEqual(file.shape, [2])
    }

    func testMalformedFilesNameTheFileAndTheProblem() {
        assertThrows(try IDXFile(parsing: [1, 0, 8, 1, 0, 0, 0, 0], file: "bad-magic"),
                     mentioning: ["bad-magic", "magic number"])
        assertThrows(try IDXFile(parsing: [0, 0, 0x42, 1, 0, 0, 0, 0], file: "bad-type"),
                     mentioning: ["bad-type", "element type 0x42"])
        assertThrows(try IDXFile(parsing: [0, 0, 8], file: "short"), mentioning: ["short", "header"])
        assertThrows(try IDXFile(parsing: [0, 0, 8, 3, 0, 0, 0, 1, 0, 0], file: "cut-header"),
                     mentioning: ["cut-header", "3 dimensions", "truncated"])
        assertThrows(try IDXFile(parsing: [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3], file: "cut-data"),
                     mentioning: ["cut-data", "[2, 3]", "need 6 data bytes", "has 3", "truncated"])
        assertThrows(try IDXFile(parsing: [0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3], file: "too-long"),
                     mentioning: ["too-long", "need 2 data bytes", "has 3"])
        assertThrows(try IDXFile(parsing: [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12), file: "huge"),
                     mentioning: ["huge", "[4294967295, 4294967295, 4294967295]"])
        assertThrows(try IDXFile.read(path: "/nonexistent/nabla/file"), mentioning: ["/nonexistent/nabla/file", "no such file"])
    }

    func testTruncatedGzippedFileNamesTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let bytes = gzipStored(tinyDataset(count: 5).images.encoded())
        try write(Array(bytes.dropLast(20)), to: directory + "/images.gz")
        assertThrows(try IDXFile.read(path: directory + "/images.gz"), mentioning: [directory + "/images.gz", "truncated"])
    }

    func testImageAndLabelFilesMustAgree() throws {
        let (images, labels) = tinyDataset(count: 4)
        let fewerLabels = IDXFile(elementType: .unsignedByte, shape: [3], data: [1, 2, 3])
        assertThrows(try ImageDataset(images: images, labels: fewerLabels, imagesPath: "img", labelsPath: "lbl"),
                     mentioning: ["lbl", "3 labels", "img", "4 images"])
        assertThrows(try ImageDataset(images: labels, labels: labels, imagesPath: "img", labelsPath: "lbl"),
                     mentioning: ["img", "1 dimensions"])
        let wide = IDXFile(elementType: .int16, shape: [4, 1, 1], data: [UInt8](repeating: 0, count: 8))
        assertThrows(try ImageDataset(images: wide, labels: labels, imagesPath: "img", labelsPath: "lbl"),
                     mentioning: ["img", "int16", "unsigned bytes"])
        let dataset = try ImageDataset(images: images, labels: labels, imagesPath: "img", labelsPath: "lbl")
        XCTAssertEqual(dataset.count, 4)
        XCTAssertEqual(dataset.rows, 2)
        XCTAssertEqual(dataset.columns, 3)
    }
}
