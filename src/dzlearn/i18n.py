"""Interface strings go through gettext (catalogs compiled with babel's pybabel).

Only an English catalog exists so far; ``set_language`` is where the Dzongkha/English switch
plugs in. Qt's own ``tr()`` is not used, so one extraction tool covers the whole app.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_current: gettext.NullTranslations = gettext.NullTranslations()


def set_language(code: str) -> None:
    global _current
    _current = gettext.translation("dzlearn", LOCALE_DIR, languages=[code], fallback=True)


def _(message: str) -> str:
    return _current.gettext(message)
