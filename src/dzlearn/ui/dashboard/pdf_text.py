"""Make Dzongkha in Qt's PDFs copyable and searchable.

Qt's PDF writer draws Dzongkha correctly (it shapes the text with HarfBuzz), but the text a
reader extracts comes from the font's character map read backwards, glyph by glyph. The
bundled DDC Uchen font gives each stacked letter cluster (ཀྲ, སྐྱི, ཆོ …) its own glyph that
the map only knows under a private-use code point, so a copied name came out as U+F311 and the
like. Qt has no "actual text" support (qpdf.cpp: "implement actual text for complex
languages"). So after drawing, the renderer shapes every string it drew, learns which cluster
each private-use glyph stands for, and rewrites the PDF's ToUnicode maps accordingly (then the
cross-reference table, whose offsets move).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtGui import QFont, QRawFont, QTextLayout

PRIVATE_USE = range(0xE000, 0xF900)
_TIBETAN = re.compile(r"[\u0f00-\u0fff]")


def private_use_clusters(texts: Iterable[str], font: QFont) -> dict[int, str]:
    """Private-use code point → the text of the cluster its glyph draws, for ``texts``."""
    raw = QRawFont.fromFont(font)
    if not raw.isValid():
        return {}
    pua = "".join(chr(c) for c in PRIVATE_USE)
    pua_of: dict[int, int] = {}
    for ch, glyph in zip(pua, raw.glyphIndexesForString(pua), strict=True):
        if glyph and glyph not in pua_of:
            pua_of[glyph] = ord(ch)
    found: dict[int, str] = {}
    flags = (
        QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
        | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes
    )
    for text in {t for t in texts if _TIBETAN.search(t)}:
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        for run in layout.glyphRuns(0, len(text), flags):
            if run.rawFont().familyName() != raw.familyName():
                continue
            _learn(text, list(run.glyphIndexes()), list(run.stringIndexes()), pua_of, raw, found)
    return found


def _learn(
    text: str,
    glyphs: list[int],
    starts: list[int],
    pua_of: dict[int, int],
    raw: QRawFont,
    found: dict[int, str],
) -> None:
    boundaries = sorted(set(starts)) + [len(text)]
    by_start: dict[int, list[int]] = {}
    for glyph, start in zip(glyphs, starts, strict=True):
        by_start.setdefault(start, []).append(glyph)
    for i, start in enumerate(boundaries[:-1]):
        cluster = list(text[start : boundaries[i + 1]])
        members = by_start.get(start, [])
        special = [g for g in members if g in pua_of]
        if not special:
            continue
        for glyph in members:  # characters drawn by ordinary glyphs are theirs
            if glyph in pua_of:
                continue
            for ch in cluster:
                if raw.glyphIndexesForString(ch) == [glyph]:
                    cluster.remove(ch)
                    break
        if cluster:
            found.setdefault(pua_of[special[0]], "".join(cluster))


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _rewrite_cmap(cmap: str, mapping: dict[int, str]) -> str:
    def dest(code: int) -> str:
        return _hex(mapping[code]) if code in mapping else f"<{code:04X}>"

    def fix_array(match: re.Match[str]) -> str:
        return re.sub(r"<([0-9A-Fa-f]{4})>", lambda m: dest(int(m.group(1), 16)), match.group(0))

    out = []
    section = ""
    for line in cmap.split("\n"):
        stripped = line.strip()
        if stripped.endswith("beginbfrange") or stripped.endswith("beginbfchar"):
            section = stripped.split()[-1]
        elif stripped in ("endbfrange", "endbfchar"):
            section = ""
        elif section == "beginbfchar":
            m = re.fullmatch(r"(<[0-9A-Fa-f]+>)\s+<([0-9A-Fa-f]{4})>", stripped)
            if m:
                line = f"{m.group(1)} {dest(int(m.group(2), 16))}"
        elif section == "beginbfrange":
            if "[" in line:
                line = re.sub(r"\[[^\]]*\]", fix_array, line)
            else:
                m = re.fullmatch(
                    r"<([0-9A-Fa-f]+)>\s+<([0-9A-Fa-f]+)>\s+<([0-9A-Fa-f]{4})>", stripped
                )
                if m:
                    lo, hi, first = (int(g, 16) for g in m.groups())
                    codes = [first + k for k in range(hi - lo + 1)]
                    if any(c in mapping for c in codes):
                        width = len(m.group(1))
                        line = (
                            f"<{lo:0{width}X}> <{hi:0{width}X}> ["
                            + " ".join(dest(c) for c in codes)
                            + "]"
                        )
        out.append(line)
    return "\n".join(out)


_STREAM = re.compile(rb"(\d+) 0 obj\s*<<\s*/Length (\d+)\s*>>\s*stream\n")


def fix_to_unicode(pdf: bytes, mapping: dict[int, str]) -> bytes:
    """``pdf`` with its ToUnicode maps sending private-use code points to ``mapping``'s text.

    Only what Qt writes is handled (one classic xref table, ToUnicode streams with a direct
    length); anything else is returned unchanged rather than risked.
    """
    if not mapping:
        return pdf
    wanted = {int(n) for n in re.findall(rb"/ToUnicode (\d+) 0 R", pdf)}
    startxref = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if not wanted or startxref is None:
        return pdf
    xref_at = int(startxref.group(1))
    edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement)
    for match in _STREAM.finditer(pdf, 0, xref_at):
        if int(match.group(1)) not in wanted:
            continue
        begin = match.end()
        length = int(match.group(2))
        old = pdf[begin : begin + length]
        new = _rewrite_cmap(old.decode("latin-1"), mapping).encode("latin-1")
        if new == old:
            continue
        header = match.group(0).replace(b"/Length %d" % length, b"/Length %d" % len(new))
        edits.append((match.start(), begin + length, header + new))
    if not edits:
        return pdf
    xref = re.match(rb"xref\s*\n(\d+) (\d+)\s*\n", pdf[xref_at:])
    if xref is None or int(xref.group(1)) != 0:
        return pdf
    count = int(xref.group(2))
    table_at = xref_at + xref.end()
    entries = [pdf[table_at + 20 * i : table_at + 20 * (i + 1)] for i in range(count)]

    def moved(offset: int) -> int:
        return offset + sum(len(new) - (end - start) for start, end, new in edits if end <= offset)

    body = bytearray()
    cursor = 0
    for start, end, new in edits:
        body += pdf[cursor:start] + new
        cursor = end
    body += pdf[cursor:xref_at]
    table = bytearray(b"xref\n0 %d\n" % count)
    for entry in entries:
        if entry[17:18] == b"n":
            entry = b"%010d" % moved(int(entry[:10])) + entry[10:]
        table += entry
    trailer = pdf[table_at + 20 * count : startxref.start()]
    return bytes(body + table + trailer) + b"startxref\n%d\n%%%%EOF\n" % len(body)
