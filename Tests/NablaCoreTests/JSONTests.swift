import XCTest
import NablaCore

final class JSONTests: XCTestCase {
    func testParsesNestedValues() throws {
        let json = try JSON.parse(#"{"a": [1, 2.5e-3, -4], "b": {"c": true, "d": null}, "e": "x\"y\u00e9"}"#)
        XCTAssertEqual(json["a"], .array([.number(1), .number(0.0025), .number(-4)]))
        XCTAssertEqual(json["b"]?["c"], .bool(true))
        XCTAssertEqual(json["b"]?["d"], .null)
        XCTAssertEqual(json["e"], .string("x\"yé"))
    }

    func testNumbersKeepFullPrecision() throws {
        let json = try JSON.parse("[0.1, 1.7976931348623157e308, 5e-324, 0.30000000000000004]")
        XCTAssertEqual(json, .array([.number(0.1), .number(.greatestFiniteMagnitude), .number(.leastNonzeroMagnitude),
                                     .number(0.30000000000000004)]))
    }

    func testErrorsNameFileLineAndColumn() {
        XCTAssertThrowsError(try JSON.parse("{\n  \"a\": [1, 2,,]\n}", file: "f.json")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("f.json"), message)
            XCTAssertTrue(message.contains("line 2"), message)
            XCTAssertTrue(message.contains("column 14"), message)
        }
        XCTAssertThrowsError(try JSON.parse("[1, 2")) { XCTAssertTrue("\($0)".contains("end of file"), "\($0)") }
        XCTAssertThrowsError(try JSON.parse("{} x")) { XCTAssertTrue("\($0)".contains("after the JSON value"), "\($0)") }
    }
}

final class JSONWriterTests: XCTestCase {
    func testRoundTripAndStableKeyOrder() throws {
        let value = JSON.object(["b": .array([.number(1), .number(0.1), .number(-2.5e-10)]), "a": .string("q\"\n"),
                                 "c": .object(["x": .bool(true), "y": .null]), "d": .array([.object(["k": .number(3)])])])
        let text = value.serialized()
        XCTAssertEqual(try JSON.parse(text), value)
        XCTAssertTrue(text.hasPrefix("{\n  \"a\": \"q\\\"\\n\",\n  \"b\": [1, 0.1, -2.5e-10]"), text)
        XCTAssertEqual(try JSON.parse(value.serialized(indent: nil)), value)
    }
}
