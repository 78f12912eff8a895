#!/usr/bin/env python3
"""Writes Tests/NablaDataTests/PNGFixtures.swift: PNG files made here, with Python's zlib and
struct only, so that Nabla's decoder is tested against an independent encoder.

Each fixture is a small image with varied pixels, its scanlines filtered with the five filter
types in turn (row y uses filter (y + shift) mod 5), compressed at some zlib level, its image data
split over several IDAT chunks, and an ancillary tEXt chunk the decoder must skip. Beside the
file, the gray pixels the decoder must give, computed here from the same rules:

    a sample of depth d becomes 8 bits:      round(v * 255 / (2^d - 1))       (PNG 13.12)
    colour becomes gray (ITU-R BT.601):      L = (299 R + 587 G + 114 B) / 1000
    transparency is painted over white:      round(L * a/255 + 255 * (1 - a/255))   (PNG 13.16)

with one rounding: round((1000 L * a + 1000 * 255 * (255 - a)) / 255000).

Run from the repository root:  python3 Tools/images/make_png_fixtures.py
(--check: only tell whether the committed file is what this script writes).
"""
import base64
import random
import struct
import sys
import zlib

OUT = "Tests/NablaDataTests/PNGFixtures.swift"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    if pb <= pc:
        return b
    return c


def filter_row(kind, row, prior, bpp):
    """One filtered scanline (PNG 9.2): each byte minus its prediction, modulo 256."""
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i]
        c = prior[i - bpp] if i >= bpp else 0
        predicted = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - predicted) % 256)
    return bytes([kind]) + bytes(out)


def pack_row(samples, depth):
    """Samples to bytes (PNG 7.2): below 8 bits, leftmost in the high bits; 16 bits big-endian."""
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    out, bits, count = bytearray(), 0, 0
    for s in samples:
        bits = (bits << depth) | s
        count += depth
        if count == 8:
            out.append(bits)
            bits, count = 0, 0
    if count:
        out.append(bits << (8 - count))
    return bytes(out)


def scanlines(rows, depth, channels, shift, filters):
    """Rows packed and filtered, row y with filters[(y + shift) mod len(filters)]."""
    bpp = max(1, channels * depth // 8)
    packed = [pack_row(r, depth) for r in rows]
    prior = bytes(len(packed[0]))
    data = b""
    for y, row in enumerate(packed):
        data += filter_row(filters[(y + shift) % len(filters)], row, prior, bpp)
        prior = row
    return data


def adam7(rows, depth, channels):
    """Interlaced scanlines (PNG 8.2): seven passes, each filtered on its own (filter 0 here)."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    height, width = len(rows), len(rows[0]) // channels
    data = b""
    for x0, y0, dx, dy in passes:
        for y in range(y0, height, dy):
            pixels = []
            for x in range(x0, width, dx):
                pixels += rows[y][x * channels:(x + 1) * channels]
            if pixels:
                data += b"\x00" + pack_row(pixels, depth)
    return data


def png(width, height, depth, color, rows, shift=0, filters=(0, 1, 2, 3, 4), level=9, piece=40, plte=None, trns=None,
        interlace=0, text=True):
    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace)
    if interlace:
        raw = adam7(rows, depth, CHANNELS[color])
    else:
        raw = scanlines(rows, depth, CHANNELS[color], shift, filters)
    compressed = zlib.compress(raw, level)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    if text:
        out += chunk(b"tEXt", b"Comment\x00made by make_png_fixtures.py")
    if plte is not None:
        out += chunk(b"PLTE", bytes(v for entry in plte for v in entry))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    for start in range(0, len(compressed), piece):
        out += chunk(b"IDAT", compressed[start:start + piece])
    return out + chunk(b"IEND", b"")


def scaled(v, depth):
    m = (1 << depth) - 1
    return (v * 255 + m // 2) // m


def over_white(luma1000, alpha):
    return (luma1000 * alpha + 255000 * (255 - alpha) + 127500) // 255000


def expected(color, depth, rows, plte=None, palette_alpha=None, key=None):
    gray = []
    n = CHANNELS[color]
    for row in rows:
        for x in range(len(row) // n):
            s = row[x * n:(x + 1) * n]
            if color == 3:
                r, g, b = plte[s[0]]
                a = palette_alpha[s[0]] if s[0] < len(palette_alpha) else 255
                gray.append(over_white(299 * r + 587 * g + 114 * b, a))
                continue
            v = [scaled(t, depth) for t in s]
            if color in (0, 4):
                luma = 1000 * v[0]
            else:
                luma = 299 * v[0] + 587 * v[1] + 114 * v[2]
            if color in (4, 6):
                alpha = v[-1]
            else:
                alpha = 0 if key is not None and list(s) == key else 255
            gray.append(over_white(luma, alpha))
    return bytes(gray)


def image(rng, width, height, depth, channels, alpha_channel=False):
    """Rows of samples: a gradient with noise, every value of the depth used; alpha runs 0 to max."""
    top = (1 << depth) - 1
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            for k in range(channels):
                if alpha_channel and k == channels - 1:
                    row.append([0, top, top // 3, rng.randrange(top + 1)][(x + y) % 4])
                else:
                    smooth = (x * 37 + y * 59 + k * 101) * top // (37 * width + 59 * height + 202)
                    row.append(smooth if rng.random() < 0.6 else rng.randrange(top + 1))
        rows.append(row)
    return rows


def fixtures():
    rng = random.Random(15948)
    out = []

    def add(name, width, height, depth, color, rows, **options):
        plte, trns, key = options.get("plte"), options.get("trns"), options.pop("key", None)
        palette_alpha = list(trns) if (color == 3 and trns is not None) else []
        data = png(width, height, depth, color, rows, **options)
        out.append((name, width, height, data, expected(color, depth, rows, plte, palette_alpha, key)))

    for depth, (w, h) in [(1, (13, 6)), (2, (7, 5)), (4, (5, 6)), (8, (9, 7)), (16, (6, 5))]:
        add(f"gray{depth}", w, h, depth, 0, image(rng, w, h, depth, 1), shift=depth)
    add("gray8Stored", 9, 6, 8, 0, image(rng, 9, 6, 8, 1), level=0, shift=2)
    # Paeth on every row, with values from a coarse set so that the predictor's ties (resolved in
    # the order a, b, c) happen often; and the same for Average, whose sum needs 9 bits.
    coarse = [[rng.choice([0, 40, 80, 100, 110, 160, 250]) for _ in range(16)] for _ in range(16)]
    add("gray8Paeth", 16, 16, 8, 0, coarse, filters=[4])
    add("rgb8Average", 6, 8, 8, 2, [[rng.choice([0, 201, 255]) for _ in range(18)] for _ in range(8)], filters=[3])
    rows = image(rng, 6, 5, 8, 1)
    rows[1][2] = rows[3][4] = 77
    add("gray8Transparent", 6, 5, 8, 0, rows, trns=struct.pack(">H", 77), key=[77])
    # 16-bit key 0x1234 beside 0x1235: both would be 18 after rescaling; only the key is transparent.
    rows = image(rng, 5, 5, 16, 1)
    rows[0][0], rows[2][3], rows[4][4] = 0x1234, 0x1235, 0x1234
    add("gray16Transparent", 5, 5, 16, 0, rows, trns=struct.pack(">H", 0x1234), key=[0x1234])
    add("rgb8", 7, 6, 8, 2, image(rng, 7, 6, 8, 3), shift=1)
    rows = image(rng, 6, 5, 8, 3)
    rows[2][3:6] = [10, 200, 30]
    add("rgb8Transparent", 6, 5, 8, 2, rows, trns=struct.pack(">HHH", 10, 200, 30), key=[10, 200, 30])
    add("rgb16", 5, 5, 16, 2, image(rng, 5, 5, 16, 3), shift=3, level=1)
    plte = [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(20)]
    rows = [[rng.randrange(20) for _ in range(8)] for _ in range(6)]
    add("palette8", 8, 6, 8, 3, rows, plte=plte, trns=bytes([0, 128, 255, 64, 200]))
    plte4 = [(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 90, 200)]
    rows = [[rng.randrange(4) for _ in range(9)] for _ in range(5)]
    add("palette2", 9, 5, 2, 3, rows, plte=plte4, shift=4)
    add("grayAlpha8", 6, 5, 8, 4, image(rng, 6, 5, 8, 2, alpha_channel=True), shift=2)
    add("grayAlpha16", 4, 5, 16, 4, image(rng, 4, 5, 16, 2, alpha_channel=True))
    add("rgba8", 7, 5, 8, 6, image(rng, 7, 5, 8, 4, alpha_channel=True), shift=4)
    add("rgba16", 5, 5, 16, 6, image(rng, 5, 5, 16, 4, alpha_channel=True), shift=1, level=6)
    interlaced = png(8, 8, 8, 0, image(rng, 8, 8, 8, 1), interlace=1)
    # What Nabla's encoder must write for a 5x3 image of pixels (50 x + 7 y) mod 256: filter 0 on
    # every row, zlib level 0 (stored blocks), one IDAT, nothing else.
    pixels = [[(50 * x + 7 * y) % 256 for x in range(5)] for y in range(3)]
    encoded = png(5, 3, 8, 0, pixels, filters=[0], level=0, piece=1 << 20, text=False)
    return out, interlaced, encoded


def swift_bytes(data, indent="            "):
    text = base64.b64encode(data).decode()
    lines = [text[i:i + 96] for i in range(0, len(text), 96)]
    return 'fromBase64("""\n' + "".join(indent + line + "\n" for line in lines) + indent + '""")'


def main():
    out, interlaced, encoded = fixtures()
    lines = [
        "import Foundation",
        "",
        "// Generated by Tools/images/make_png_fixtures.py (Python " + sys.version.split()[0]
        + ", zlib " + zlib.ZLIB_VERSION + "): do not edit.",
        "",
        "/// PNG files made by an independent encoder (Python's zlib and struct), one per colour type and",
        "/// bit depth, each using all five filter types, several IDAT chunks and a tEXt chunk to skip;",
        "/// `gray` is what decoding must give, computed by the script from the rules in its docstring.",
        "enum PNGFixtures {",
        "    struct Fixture {",
        "        let name: String",
        "        let width: Int",
        "        let height: Int",
        "        let png: [UInt8]",
        "        let gray: [UInt8]",
        "    }",
        "",
        "    static let all: [Fixture] = [",
    ]
    for name, w, h, data, gray in out:
        lines.append(f'        Fixture(name: "{name}", width: {w}, height: {h},')
        lines.append(f"                png: {swift_bytes(data)},")
        lines.append(f"                gray: {swift_bytes(gray)}),")
    lines += [
        "    ]",
        "",
        "    /// An 8×8 grayscale image interlaced with Adam7 (PNG 8.2), which Nabla refuses.",
        f"    static let interlaced = {swift_bytes(interlaced, '        ')}",
        "",
        "    /// What `PNG.encode` must write for a 5×3 image of pixels (50x + 7y) mod 256: the same bytes",
        "    /// as Python's zlib at level 0 (stored blocks) gives, with one IDAT chunk.",
        f"    static let encoded5x3 = {swift_bytes(encoded, '        ')}",
        "",
        "    static func named(_ name: String) -> Fixture { all.first { $0.name == name }! }",
        "}",
        "",
    ]
    text = "\n".join(lines)
    if "--check" in sys.argv[1:]:
        with open(OUT) as f:
            same = f.read() == text
        print(f"{OUT} is {'up to date' if same else 'out of date: run without --check'}")
        sys.exit(0 if same else 1)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT}: {len(out)} fixtures")


if __name__ == "__main__":
    main()
