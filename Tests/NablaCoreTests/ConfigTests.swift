import XCTest
import NablaCore

final class ConfigTests: XCTestCase {
    func testTypedAccessAndDefaults() throws {
        let config = Config(op: "conv2d", ["in_channels": .number(3), "kernel_size": .array([.number(3), .number(5)]),
                                           "stride": .number(2), "bias": .bool(false), "eps": .number(1e-5)])
        XCTAssertEqual(try config.int("in_channels"), 3)
        XCTAssertEqual(try config.pair("kernel_size").0, 3)
        XCTAssertEqual(try config.pair("kernel_size").1, 5)
        XCTAssertEqual(try config.pair("stride").1, 2)
        XCTAssertEqual(try config.pair("padding", default: (0, 0)).0, 0)
        XCTAssertEqual(try config.bool("bias"), false)
        XCTAssertEqual(try config.double("eps"), 1e-5)
        XCTAssertEqual(try config.double("momentum", default: 0.1), 0.1)
        XCTAssertEqual(config.unreadKeys, [])
    }

    func testUnreadKeysAreReported() throws {
        let config = Config(op: "linear", ["in_features": .number(2), "typo_key": .number(1)])
        _ = try config.int("in_features")
        XCTAssertEqual(config.unreadKeys, ["typo_key"])
    }

    /// Issue 10, item 5: null is never read as the default; a reader that implements PyTorch's None
    /// asks `isNull` first.
    func testNullIsUnsupportedUnlessTheReaderImplementsIt() throws {
        let config = Config(op: "batch_norm1d", ["momentum": .null, "eps": .null])
        XCTAssertThrowsError(try config.double("eps", default: 1e-5)) { error in
            XCTAssertTrue("\(error)".hasPrefix("unsupported: 'eps': null (PyTorch's None) in the config of 'batch_norm1d'"), "\(error)")
        }
        XCTAssertTrue(config.isNull("momentum"))
        XCTAssertFalse(config.isNull("absent"))
        XCTAssertEqual(config.unreadKeys, [])
    }

    /// Issue 10, item 8: integers beyond any size are refused before a layer allocates anything.
    func testHugeIntegersAreRefused() {
        let config = Config(op: "batch_norm1d", ["num_features": .number(1e12), "list": .array([.number(4), .number(-1e13)])])
        XCTAssertThrowsError(try config.int("num_features")) { error in
            XCTAssertTrue("\(error)".contains("'num_features' is 1000000000000.0, beyond ±2147483647"), "\(error)")
        }
        XCTAssertThrowsError(try config.ints("list"))
    }

    func testErrorsNameOpAndKey() {
        let config = Config(op: "linear", ["in_features": .string("two"), "size": .number(2.5)])
        XCTAssertThrowsError(try config.int("in_features")) { error in
            XCTAssertEqual("\(error)", "linear: invalid config: 'in_features' must be an integer, got a string")
        }
        XCTAssertThrowsError(try config.int("size"))
        XCTAssertThrowsError(try config.int("out_features")) { error in
            XCTAssertEqual("\(error)", "linear: invalid config: missing 'out_features'")
        }
    }
}
