import Foundation

/// gzip files made by Python with zlib 1.2.13, one per kind of DEFLATE block, so the decoder is
/// tested against an independent encoder. The script (`skewed` is `skewedText` in TestHelpers):
///
///     def gz(data, level=6, strategy=zlib.Z_DEFAULT_STRATEGY, parts=None):
///         c = zlib.compressobj(level, zlib.DEFLATED, 31, 9, strategy)   # 31: gzip wrapper
///         if parts: return b''.join(c.compress(p) + c.flush(zlib.Z_FULL_FLUSH) for p in parts) + c.flush()
///         return c.compress(data) + c.flush()
///     empty = gz(b'')                                   # fixed Huffman, end-of-block only
///     stored = gz(storedText, level=0)                  # stored block
///     fixed = gz(fixedText, strategy=zlib.Z_FIXED)      # fixed Huffman
///     dynamic = gz(skewed(300), level=9)                # dynamic Huffman
///     multiBlock = gz(parts=multiBlockParts)            # dynamic, fixed and empty stored blocks
enum GzipFixtures {
    static let storedText = Array("Nabla keeps this block stored, byte for byte.".utf8)
    static let fixedText = Array("gradient, gradient, gradient: backprop by hand, by hand, by hand.".utf8)
    static var dynamicText: [UInt8] { skewedText(300) }
    static var multiBlockParts: [[UInt8]] {
        [skewedText(300), Array(("second block: " + String(repeating: "xyz", count: 50)).utf8),
         Array("third block, the last one.".utf8)]
    }

    static let empty = fromBase64("H4sIAAAAAAAAAwMAAAAAAAAAAAA=")
    static let stored = fromBase64("H4sIAAAAAAAEAwEtANL/TmFibGEga2VlcHMgdGhpcyBibG9jayBzdG9yZWQsIGJ5dGUgZm9yIGJ5dGUuSicJUy0AAAA=")
    static let fixed = fromBase64("H4sIAAAAAAAEA0svSkzJTM0r0VFIx2BZKSQlJmcXFOUXKCRVKmQk5qXoYDD0ABBtywFBAAAA")
    static let dynamic = fromBase64("""
        H4sIAAAAAAACAyWOQQ4EQQgCv+LXOJDoxU6U/2dxtg8TR0ogohZCPEr0E4cMrxpkkk2PxTz1A/zjF9T4g0ZovEdk/3FWMnCz
        +a2OU3u4LDZUXY6jrE8BcWbg+yzNGMnh+EjMYnkqx7iKgiXM8/HXJJh716pbJAETuvp9fr1Ky/kgop4r2NL564y38YAVrtqZ
        y6alr8NhMq5PLkf0Uw2xrR/XPHqYLAEAAA==
        """)
    static let multiBlock = fromBase64("""
        H4sIAAAAAAAAAySOQQ4EQQgCv+LXOJDoxU6U/2dxtg8TR0ogohZCPEr0E4cMrxpkkk2PxTz1A/zjF9T4g0ZovEdk/3FWMnCz
        +a2OU3u4LDZUXY6jrE8BcWbg+yzNGMnh+EjMYnkqx7iKgiXM8/HXJJh716pbJAETuvp9fr1Ky/kgop4r2NL564y38YAVrtqZ
        y6alr8NhMq5PLkf0Uw2xrR8AAAD//ypOTc7PS1FIyslPzrZSqKisGoQIAAAA//8qycgsSlFIyslPztZRKMlIVchJLC5RyM9L
        1QMAAAD//wMAqTNre+oBAAA=
        """)
}

/// The bytes of base64 `text` (line breaks ignored), for binary fixtures written as text.
func fromBase64(_ text: String) -> [UInt8] {
    Array(Data(base64Encoded: text.filter { !$0.isWhitespace })!)
}
