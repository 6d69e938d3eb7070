"""The standard Dzongkha keyboard (DDC 2009 official layout), by physical key position.

Keys are named by position with the W3C ``KeyboardEvent.code`` names (``KeyQ``, ``Digit1``,
``Backquote`` …) so the map works whatever layout the operating system has: community-centre PCs
rarely have a Dzongkha layout installed. Source: docs/dzongkha.md (SIL ``sil_dzongkha`` 1.1 and
Debian xkb ``bt``, base layer; Shift+4/5 deliberately left unassigned).
"""

from __future__ import annotations

from dataclasses import dataclass

TSHEG = "\u0f0b"


@dataclass(frozen=True)
class Key:
    code: str  # physical position, W3C code name
    row: int  # 0 = digit row … 3 = bottom letter row
    col: int  # position within its row, left to right
    base: str  # character typed without Shift ("" if none)
    shift: str  # character typed with Shift ("" if none)
    finger: str  # touch-typing finger: "L4".."L1", "R1".."R4" (4 = little finger), "T" thumb


_SUBJOINED_OFFSET = 0x0F90 - 0x0F40  # ཀ U+0F40 → ྐ U+0F90


def _sub(ch: str) -> str:
    return chr(ord(ch) + _SUBJOINED_OFFSET)


# (code, base, shift, finger) per row, left to right.
_ROWS: list[list[tuple[str, str, str, str]]] = [
    [
        ("Backquote", "\u0f09", "", "L4"),
        ("Digit1", "\u0f21", "", "L4"),
        ("Digit2", "\u0f22", "", "L3"),
        ("Digit3", "\u0f23", "", "L2"),
        ("Digit4", "\u0f24", "", "L1"),
        ("Digit5", "\u0f25", "", "L1"),
        ("Digit6", "\u0f26", "", "R1"),
        ("Digit7", "\u0f27", "", "R1"),
        ("Digit8", "\u0f28", "", "R2"),
        ("Digit9", "\u0f29", "", "R3"),
        ("Digit0", "\u0f20", "", "R4"),
        ("Minus", "\u0f14", "", "R4"),
        ("Equal", "\u0f0d", "", "R4"),
    ],
    [
        ("KeyQ", "ཀ", _sub("ཀ"), "L4"),
        ("KeyW", "ཁ", _sub("ཁ"), "L3"),
        ("KeyE", "ག", _sub("ག"), "L2"),
        ("KeyR", "ང", _sub("ང"), "L1"),
        ("KeyT", "\u0f72", "\u0f80", "L1"),
        ("KeyY", "\u0f74", "\u0f84", "R1"),
        ("KeyU", "\u0f7a", "\u0f7b", "R1"),
        ("KeyI", "\u0f7c", "\u0f7d", "R2"),
        ("KeyO", "ཅ", _sub("ཅ"), "R3"),
        ("KeyP", "ཆ", _sub("ཆ"), "R4"),
        ("BracketLeft", "ཇ", _sub("ཇ"), "R4"),
        ("BracketRight", "ཉ", _sub("ཉ"), "R4"),
        ("Backslash", "ཝ", "\u0fad", "R4"),
    ],
    [
        ("KeyA", "ཏ", _sub("ཏ"), "L4"),
        ("KeyS", "ཐ", _sub("ཐ"), "L3"),
        ("KeyD", "ད", _sub("ད"), "L2"),
        ("KeyF", "ན", _sub("ན"), "L1"),
        ("KeyG", "པ", _sub("པ"), "L1"),
        ("KeyH", "ཕ", _sub("ཕ"), "R1"),
        ("KeyJ", "བ", _sub("བ"), "R1"),
        ("KeyK", "མ", _sub("མ"), "R2"),
        ("KeyL", "ཙ", _sub("ཙ"), "R3"),
        ("Semicolon", "ཚ", _sub("ཚ"), "R4"),
        ("Quote", "ཛ", _sub("ཛ"), "R4"),
    ],
    [
        ("KeyZ", "ཞ", _sub("ཞ"), "L4"),
        ("KeyX", "ཟ", _sub("ཟ"), "L3"),
        ("KeyC", "འ", "\u0f71", "L2"),
        ("KeyV", "ཡ", _sub("ཡ"), "L1"),
        ("KeyB", "ར", _sub("ར"), "L1"),
        ("KeyN", "ལ", _sub("ལ"), "R1"),
        ("KeyM", "ཤ", _sub("ཤ"), "R1"),
        ("Comma", "ས", _sub("ས"), "R2"),
        ("Period", "ཧ", _sub("ཧ"), "R3"),
        ("Slash", "ཨ", _sub("ཨ"), "R4"),
    ],
]

KEYS: tuple[Key, ...] = tuple(
    Key(code, row, col, base, shift, finger)
    for row, entries in enumerate(_ROWS)
    for col, (code, base, shift, finger) in enumerate(entries)
)
KEY_BY_CODE: dict[str, Key] = {k.code: k for k in KEYS}
SPACE_CODE = "Space"


@dataclass(frozen=True)
class Keystroke:
    code: str
    shift: bool = False


def char_for(code: str, shift: bool = False) -> str:
    """Character the DDC layout types for a physical key; "" when the key types nothing."""
    if code == SPACE_CODE:
        return " " if shift else TSHEG
    key = KEY_BY_CODE.get(code)
    if key is None:
        return ""
    return key.shift if shift else key.base


def _build_reverse() -> dict[str, Keystroke]:
    reverse: dict[str, Keystroke] = {TSHEG: Keystroke(SPACE_CODE), " ": Keystroke(SPACE_CODE, True)}
    for key in KEYS:
        if key.base:
            reverse.setdefault(key.base, Keystroke(key.code))
        if key.shift:
            reverse.setdefault(key.shift, Keystroke(key.code, True))
    return reverse


_KEYSTROKE_FOR_CHAR = _build_reverse()


def keystrokes_for(text: str) -> list[Keystroke]:
    """The key sequence that types ``text`` on the DDC layout ("show me the keys").

    Raises ValueError naming the first character that has no key on the layout.
    """
    strokes = []
    for ch in text:
        stroke = _KEYSTROKE_FOR_CHAR.get(ch)
        if stroke is None:
            raise ValueError(f"{ch!r} (U+{ord(ch):04X}) has no key on the Dzongkha keyboard")
        strokes.append(stroke)
    return strokes


def label_for(stroke: Keystroke) -> str:
    """How a key is named on a printed (English) keyboard, e.g. "Shift+Q"."""
    name = LATIN_LABELS.get(stroke.code, stroke.code)
    return f"Shift+{name}" if stroke.shift else name


LATIN_LABELS: dict[str, str] = {
    **{f"Key{c}": c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{f"Digit{d}": d for d in "0123456789"},
    "Backquote": "`",
    "Minus": "-",
    "Equal": "=",
    "BracketLeft": "[",
    "BracketRight": "]",
    "Backslash": "\\",
    "Semicolon": ";",
    "Quote": "'",
    "Comma": ",",
    "Period": ".",
    "Slash": "/",
    "Space": "Space",
}
