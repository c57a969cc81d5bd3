"""The font subsets a page embeds (HarfBuzz, the ``kern`` table and WOFF packing of
``impact.sfnt``), checked against fontTools' subsetter as a peer and against the
OpenType and WOFF layouts worked by hand."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

from impact import sfnt
from impact.fontfile import font_file, subset_woff

# Hangul, ASCII with NanumGothic's kerned pairs, marks; and Vega's minus sign, which
# NanumGothic does not have (left out of both subsets, without an error)
TEXT = "생산유발 부가가치유발 취업유발 지역내 타지역 전국 억원 조원 AV To Wa …·−"


def fonttools_subset(chars: str) -> bytes:
    """The same subset made by fontTools' subsetter (the peer), as WOFF."""
    from fontTools import subset
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    font = subset.load_font(str(font_file()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(chars) | {chr(c) for c in range(32, 127)})))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def by_code_point(font) -> dict:
    """Each character's outline points, advance and side bearing, by code point."""
    glyf = font["glyf"]
    return {code: (list(glyf[name].getCoordinates(glyf)[0]), font["hmtx"][name])
            for code, name in font.getBestCmap().items()}


def kern_pairs(font) -> dict:
    """The font's kerning by pair of code points (glyph names differ between subsetters)."""
    code = {name: c for c, name in font.getBestCmap().items()}
    table = font["kern"].kernTables[0].kernTable
    return {(code[left], code[right]): value for (left, right), value in table.items()
            if left in code and right in code}


def test_the_subset_has_the_glyphs_metrics_and_kerning_fonttools_keeps():
    from fontTools.ttLib import TTFont
    ours = TTFont(io.BytesIO(subset_woff(TEXT)), checkChecksums=2)  # a bad sum raises
    peer = TTFont(io.BytesIO(fonttools_subset(TEXT)))
    assert ours.flavor == "woff"
    assert sorted(ours.keys()) == sorted(peer.keys())  # the TSI hinting sources dropped
    assert by_code_point(ours) == by_code_point(peer)
    assert {ord(c) for c in TEXT if not c.isspace()} - set(ours.getBestCmap()) == {0x2212}
    pairs = kern_pairs(ours)
    assert pairs == kern_pairs(peer)
    assert pairs[(ord("A"), ord("V"))] < 0 and pairs[(ord("T"), ord("o"))] < 0
    # what a browser lays lines out with
    for tag, fields in (("head", ("unitsPerEm", "indexToLocFormat")),
                        ("hhea", ("ascent", "descent", "lineGap")),
                        ("OS/2", ("sTypoAscender", "sTypoDescender", "usWinAscent",
                                  "usWinDescent", "usWeightClass"))):
        assert [getattr(ours[tag], f) for f in fields] == [getattr(peer[tag], f) for f in fields]
    assert ours["name"].getDebugName(1) == peer["name"].getDebugName(1) == "NanumGothic"


def test_the_woff_unpacks_to_an_sfnt_whose_checksum_is_the_magic_number():
    """OpenType: the uint32 sum of the whole file, checksumAdjustment included, is
    0xB1B0AFBA.  The WOFF is unpacked here by hand from the W3C layout."""
    woff = subset_woff(TEXT)
    (signature, flavor, length, count, reserved, sfnt_size, *_rest) = \
        struct.unpack_from(">4sIIHHIHHIIIII", woff)
    assert (signature, flavor, length, reserved) == (b"wOFF", 0x00010000, len(woff), 0)
    tables = {}
    for i in range(count):
        tag, offset, packed, size, checksum = struct.unpack_from(">4sIIII", woff, 44 + 20 * i)
        assert offset % 4 == 0
        data = woff[offset:offset + packed]
        data = zlib.decompress(data) if packed < size else data
        assert len(data) == size
        tables[tag] = data
        head_zeroed = data[:8] + bytes(4) + data[12:] if tag == b"head" else data
        padded = head_zeroed + bytes(-len(head_zeroed) % 4)
        assert checksum == sum(struct.unpack(f">{len(padded) // 4}I", padded)) % 2**32
    assert list(tables) == sorted(tables)
    whole = sfnt.sfnt_bytes(flavor, tables)
    assert len(whole) == sfnt_size
    assert sum(struct.unpack(f">{len(whole) // 4}I", whole)) % 2**32 == 0xB1B0AFBA


def test_table_checksum_by_hand():
    assert sfnt.table_checksum(b"\0\0\0\x01\0\0\0\x02") == 3
    assert sfnt.table_checksum(b"\x01") == 0x01000000  # zero-padded to four bytes
    assert sfnt.table_checksum(b"\xff\xff\xff\xff\0\0\0\x02") == 1  # modulo 2**32


def kern_subtable(pairs, coverage=0x0001) -> bytes:
    """A format-0 kern subtable, written out field by field."""
    body = b"".join(struct.pack(">HHh", *p) for p in pairs)
    return (struct.pack(">HHH", 0, (14 + len(body)) & 0xFFFF, coverage)
            + struct.pack(">HHHH", len(pairs), 0, 0, 0) + body)


def kern_table(*subtables: bytes) -> bytes:
    return struct.pack(">HH", 0, len(subtables)) + b"".join(subtables)


def test_kern_subset_keeps_and_renumbers_the_pairs_of_kept_glyphs():
    table = kern_table(kern_subtable([(5, 9, -40), (5, 12, -20), (7, 9, 15), (30, 5, -10),
                                      (9, 7, 3)]))
    # glyphs 5, 7 and 9 stay (as 2, 1 and 3); 12 and 30 go
    kept = sfnt.kern_subset(table, {0: 0, 7: 1, 5: 2, 9: 3})
    # three pairs: searchRange 2 pairs x 6 bytes, entrySelector log2(2), rangeShift 1 x 6
    expected = (b"\0\0\0\x01" + struct.pack(">HHHHHHH", 0, 14 + 18, 1, 3, 12, 1, 6)
                + struct.pack(">HHh", 1, 3, 15) + struct.pack(">HHh", 2, 3, -40)
                + struct.pack(">HHh", 3, 1, 3))
    assert kept == expected
    assert sfnt.kern_subset(table, {0: 0, 12: 1, 30: 2}) is None
    with pytest.raises(ValueError, match="version 1"):
        sfnt.kern_subset(b"\0\x01" + table[2:], {})


def test_kern_subset_reads_past_a_subtable_length_that_overflowed():
    """A format-0 subtable of more than 10,920 pairs cannot state its length in 16 bits;
    its pairs count is read instead (as fontTools does), so the next subtable is found."""
    many = [(1 + i // 200, 1 + i % 200, -1) for i in range(11_000)]
    assert 14 + 6 * len(many) > 0xFFFF
    table = kern_table(kern_subtable(many), kern_subtable([(500, 600, -7)]))
    kept = sfnt.kern_subset(table, {0: 0, 1: 1, 2: 2, 500: 3, 600: 4})
    assert struct.unpack_from(">H", kept, 10)[0] == 5  # (1,1) (1,2) (2,1) (2,2) (3,4)
    assert kept[-6:] == struct.pack(">HHh", 3, 4, -7)


def test_the_directory_fields_by_hand():
    """OpenType: searchRange = 16 x the largest power of two <= numTables, entrySelector
    its log2, rangeShift = 16 x numTables - searchRange (15 tables: 128, 3, 112)."""
    font = sfnt.sfnt_bytes(0x00010000, {bytes([65 + i]) * 4: b"x" for i in range(15)})
    assert struct.unpack_from(">IHHHH", font) == (0x00010000, 15, 128, 3, 112)
    version, tables = sfnt.sfnt_tables(font)
    assert version == 0x00010000 and tables[b"AAAA"] == b"x" and len(tables) == 15
