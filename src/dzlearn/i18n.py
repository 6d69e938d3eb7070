"""Interface strings go through gettext, so one extraction tool (babel's pybabel) covers the app.

Qt's own ``tr()`` is not used. Only the English source strings exist so far; the Dzongkha
catalog and the language switch come with the interface-language work.
"""

from __future__ import annotations

import gettext

_translations: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    return _translations.gettext(message)
