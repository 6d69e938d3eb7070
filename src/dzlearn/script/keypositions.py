"""Native key numbers → physical key positions (W3C code names), per windowing system.

Qt reports the physical key as ``nativeScanCode`` (X11/xcb, Wayland, Windows) or
``nativeVirtualKey`` (macOS). Where neither is known (offscreen, remote sessions) we fall back to
the character a US-QWERTY layout would give, which is right on the English PCs most centres have.
"""

from __future__ import annotations

# Set-1 scan codes (Windows). Linux evdev keycodes are the same numbers; X11/Wayland add 8.
_WINDOWS: dict[int, str] = {
    0x29: "Backquote", 0x02: "Digit1", 0x03: "Digit2", 0x04: "Digit3", 0x05: "Digit4",
    0x06: "Digit5", 0x07: "Digit6", 0x08: "Digit7", 0x09: "Digit8", 0x0A: "Digit9",
    0x0B: "Digit0", 0x0C: "Minus", 0x0D: "Equal",
    0x10: "KeyQ", 0x11: "KeyW", 0x12: "KeyE", 0x13: "KeyR", 0x14: "KeyT", 0x15: "KeyY",
    0x16: "KeyU", 0x17: "KeyI", 0x18: "KeyO", 0x19: "KeyP", 0x1A: "BracketLeft",
    0x1B: "BracketRight", 0x2B: "Backslash",
    0x1E: "KeyA", 0x1F: "KeyS", 0x20: "KeyD", 0x21: "KeyF", 0x22: "KeyG", 0x23: "KeyH",
    0x24: "KeyJ", 0x25: "KeyK", 0x26: "KeyL", 0x27: "Semicolon", 0x28: "Quote",
    0x2C: "KeyZ", 0x2D: "KeyX", 0x2E: "KeyC", 0x2F: "KeyV", 0x30: "KeyB", 0x31: "KeyN",
    0x32: "KeyM", 0x33: "Comma", 0x34: "Period", 0x35: "Slash",
    0x39: "Space",
}  # fmt: skip

_XKB: dict[int, str] = {code + 8: name for code, name in _WINDOWS.items()}

# macOS kVK_ANSI_* virtual key codes.
_MACOS: dict[int, str] = {
    0x00: "KeyA", 0x01: "KeyS", 0x02: "KeyD", 0x03: "KeyF", 0x04: "KeyH", 0x05: "KeyG",
    0x06: "KeyZ", 0x07: "KeyX", 0x08: "KeyC", 0x09: "KeyV", 0x0B: "KeyB", 0x0C: "KeyQ",
    0x0D: "KeyW", 0x0E: "KeyE", 0x0F: "KeyR", 0x10: "KeyY", 0x11: "KeyT", 0x12: "Digit1",
    0x13: "Digit2", 0x14: "Digit3", 0x15: "Digit4", 0x16: "Digit6", 0x17: "Digit5",
    0x18: "Equal", 0x19: "Digit9", 0x1A: "Digit7", 0x1B: "Minus", 0x1C: "Digit8",
    0x1D: "Digit0", 0x1E: "BracketRight", 0x1F: "KeyO", 0x20: "KeyU", 0x21: "BracketLeft",
    0x22: "KeyI", 0x23: "KeyP", 0x25: "KeyL", 0x26: "KeyJ", 0x27: "Quote", 0x28: "KeyK",
    0x29: "Semicolon", 0x2A: "Backslash", 0x2B: "Comma", 0x2C: "Slash", 0x2D: "KeyN",
    0x2E: "KeyM", 0x2F: "Period", 0x31: "Space", 0x32: "Backquote",
}  # fmt: skip

_US_UNSHIFTED = "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./ "
_US_SHIFTED = '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>? '
_US_CODES = (
    ["Backquote"] + [f"Digit{d}" for d in "1234567890"] + ["Minus", "Equal"]
    + [f"Key{c}" for c in "QWERTYUIOP"] + ["BracketLeft", "BracketRight", "Backslash"]
    + [f"Key{c}" for c in "ASDFGHJKL"] + ["Semicolon", "Quote"]
    + [f"Key{c}" for c in "ZXCVBNM"] + ["Comma", "Period", "Slash", "Space"]
)  # fmt: skip
_US_BY_CHAR: dict[str, str] = {}
for _chars in (_US_UNSHIFTED, _US_SHIFTED):
    for _ch, _code in zip(_chars, _US_CODES, strict=True):
        _US_BY_CHAR.setdefault(_ch, _code)


def code_from_native(platform: str, scan_code: int, virtual_key: int) -> str | None:
    """Physical key for a native key event, or None if this platform's numbers are unknown."""
    if platform == "cocoa":
        return _MACOS.get(virtual_key)
    if platform == "windows":
        return _WINDOWS.get(scan_code)
    if platform in ("xcb", "wayland", "eglfs", "linuxfb") and scan_code:
        return _XKB.get(scan_code)
    return None


def code_from_us_char(ch: str) -> str | None:
    """Physical key that types ``ch`` on a US-QWERTY layout (the fallback)."""
    return _US_BY_CHAR.get(ch) or _US_BY_CHAR.get(ch.lower())
