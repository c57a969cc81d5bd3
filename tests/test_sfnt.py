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


@pytest.fixture(autouse=True)
def fresh_subsets():
    """Each test makes its own subsets: ``subset_woff`` keeps its last results, which
    would hide a change to how they are made (mutmut forks after a first run)."""
    subset_woff.cache_clear()


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


def hand_checksum(tag: bytes, data: bytes) -> int:
    """The sum of the table's uint32s, zero-padded; head's with checksumAdjustment zero."""
    data = data[:8] + bytes(4) + data[12:] if tag == b"head" else data
    data += bytes(-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) % 2**32


def test_the_woff_unpacks_to_an_sfnt_whose_checksum_is_the_magic_number():
    """OpenType: the uint32 sum of the whole file, checksumAdjustment included, is
    0xB1B0AFBA.  The WOFF is unpacked here by hand from the W3C layout."""
    woff = subset_woff(TEXT)
    (signature, flavor, length, count, reserved, sfnt_size, *_rest) = \
        struct.unpack_from(">4sIIHHIHHIIIII", woff)
    assert (signature, flavor, length, reserved) == (b"wOFF", 0x00010000, len(woff), 0)
    # the font's revision (4.0) as the WOFF's version, and no metadata or private block,
    # as fontTools writes them
    peer = struct.unpack_from(">4sIIHHIHHIIIII", fonttools_subset(TEXT))
    assert _rest == list(peer[6:]) == [4, 0, 0, 0, 0, 0, 0]
    tables, ends = {}, []
    for i in range(count):
        tag, offset, packed, size, checksum = struct.unpack_from(">4sIIII", woff, 44 + 20 * i)
        assert offset % 4 == 0
        ends.append((offset, offset + packed))
        data = woff[offset:offset + packed]
        data = zlib.decompress(data) if packed < size else data
        assert len(data) == size
        tables[tag] = data
        assert checksum == hand_checksum(tag, data)
    assert list(tables) == sorted(tables)
    # each table padded with fewer than four zero bytes up to the next one, or the end
    for (_, end), start in zip(ends, [start for start, _ in ends[1:]] + [len(woff)]):
        assert 0 <= start - end < 4 and woff[end:start] == bytes(start - end)
    # the sfnt laid out by hand: header, 16-byte entries in tag order, tables padded to 4
    power = 2 ** (count.bit_length() - 1)
    header = struct.pack(">IHHHH", flavor, count, 16 * power, power.bit_length() - 1,
                         16 * (count - power))
    entries, body, offset = b"", b"", 12 + 16 * count
    for tag, data in tables.items():
        entries += struct.pack(">4sIII", tag, hand_checksum(tag, data), offset, len(data))
        body += data + bytes(-len(data) % 4)
        offset += len(data) + (-len(data) % 4)
    whole = header + entries + body
    assert whole == sfnt.sfnt_bytes(flavor, tables)
    assert len(whole) == sfnt_size
    assert len(woff) < 0.8 * sfnt_size  # the tables are compressed
    assert sum(struct.unpack(f">{len(whole) // 4}I", whole)) % 2**32 == 0xB1B0AFBA


def test_a_table_zlib_cannot_shrink_is_stored_as_it_is(monkeypatch):
    """WOFF: a compressed length equal to the original means the table is not compressed,
    so a table zlib does not make smaller is stored raw."""
    tables = {b"head": bytes(54), b"zero": bytes(400), b"same": b"abcdefgh"}
    real = zlib.compress
    monkeypatch.setattr(sfnt.zlib, "compress", lambda data, *level: (
        b"Z" * len(data) if data == b"abcdefgh" else real(data, *level)))
    woff = sfnt.woff_bytes(0x00010000, tables)
    entries = {struct.unpack_from(">4sIIII", woff, 44 + 20 * i)[0]:
               struct.unpack_from(">4sIIII", woff, 44 + 20 * i)[1:4] for i in range(3)}
    offset, packed, size = entries[b"same"]
    assert packed == size == 8 and woff[offset:offset + 8] == b"abcdefgh"
    offset, packed, size = entries[b"zero"]
    assert packed < size and zlib.decompress(woff[offset:offset + packed]) == bytes(400)


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
    its pairs are counted instead (as fontTools does), so the next subtable is found.
    Each subtable keeps its own coverage (0x0001 horizontal, 0x0005 cross-stream)."""
    many = [(1 + i // 200, 1 + i % 200, -1) for i in range(11_000)]
    assert 14 + 6 * len(many) > 0xFFFF
    table = kern_table(kern_subtable(many), kern_subtable([(500, 600, -7)], coverage=0x0005))
    kept = sfnt.kern_subset(table, {0: 0, 1: 1, 2: 2, 500: 3, 600: 4})
    assert struct.unpack_from(">HH", kept) == (0, 2)
    # (1,1) (1,2) (2,1) (2,2): four pairs, searchRange 24, entrySelector 2, rangeShift 0
    assert struct.unpack_from(">HHHHHHH", kept, 4) == (0, 14 + 24, 1, 4, 24, 2, 0)
    assert struct.unpack_from(">HHHHHHH", kept, 4 + 38) == (0, 14 + 6, 5, 1, 6, 0, 0)
    assert kept[-6:] == struct.pack(">HHh", 3, 4, -7)


def test_kern_subset_skips_subtables_of_other_formats_by_their_length():
    """Formats 1 and 2 (coverage high byte) are left out; their stated length, read
    unsigned, leads to the next subtable even past 32,767 bytes."""
    other = struct.pack(">HHH", 0, 40_000, 0x0201) + bytes(40_000 - 6)
    apple = struct.pack(">HHH", 0, 20, 0x0101) + bytes(14)
    table = kern_table(other, apple, kern_subtable([(3, 4, -9)]))
    kept = sfnt.kern_subset(table, {3: 1, 4: 2})
    assert kept == b"\0\0\0\x01" + struct.pack(">HHHHHHH", 0, 20, 1, 1, 6, 0, 0) \
        + struct.pack(">HHh", 1, 2, -9)
    assert sfnt.kern_subset(kern_table(other, apple), {3: 1, 4: 2}) is None


def test_a_subset_of_more_pairs_than_one_subtable_can_state_is_split():
    """40,000 kept pairs: 10,920 + 10,920 + 10,920 + 7,240, each subtable's length
    14 + 6 x pairs (65,534 for a full one), the pairs in order across them."""
    pairs = [(i // 200, i % 200, 1) for i in range(40_000)]
    keep = {g: g for g in range(200)}
    kept = sfnt.kern_subset(kern_table(kern_subtable(pairs)), keep)
    assert struct.unpack_from(">HH", kept) == (0, 4)
    at, counts, read = 4, [], []
    for _ in range(4):
        _, length, coverage, n = struct.unpack_from(">HHHH", kept, at)
        assert (length, coverage) == (14 + 6 * n, 1)
        counts.append(n)
        read += [struct.unpack_from(">HHh", kept, at + 14 + 6 * k) for k in range(n)]
        at += length
    assert counts == [10_920, 10_920, 10_920, 7_240] and at == len(kept)
    assert read == pairs


def test_the_directory_fields_by_hand():
    """OpenType: searchRange = 16 x the largest power of two <= numTables, entrySelector
    its log2, rangeShift = 16 x numTables - searchRange (15 tables: 128, 3, 112)."""
    given = {bytes([65 + i]) * 4: bytes([97 + i]) * (i + 1) for i in range(15)}
    font = sfnt.sfnt_bytes(0x00010000, given)
    assert struct.unpack_from(">IHHHH", font) == (0x00010000, 15, 128, 3, 112)
    # the last table, 15 bytes, starts after the header, 15 entries and 14 padded tables
    offsets = [struct.unpack_from(">4sIII", font, 12 + 16 * i)[2] for i in range(15)]
    assert offsets[0] == 12 + 16 * 15
    assert offsets[-1] == 252 + sum(4 * -(-n // 4) for n in range(1, 15))
    assert sfnt.sfnt_tables(font) == (0x00010000, given)
