"""What a learner chose from the candidates, rebuilt from the event log.

The log is the only record (docs/architecture.md): the UI appends an ``ime.choice`` event with
``{"input": typed, "chosen": text}`` through ``EventLog.append``, and a learner's history is a
pure projection of their events, so it syncs and merges like everything else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from dzlearn.ime.phonetic import phonetic_key

CHOICE_EVENT = "ime.choice"
EWTS_PREFIX = "\\"


def input_key(typed: str) -> str:
    """What choices are remembered under: the phonetic key, so "Kuzu zangpo" and "kuzuzangpo"
    share what was learned; exact EWTS input under itself."""
    stripped = typed.strip()
    if stripped.startswith(EWTS_PREFIX):
        return stripped
    return phonetic_key(typed)


def choice_payload(typed: str, chosen: str) -> dict[str, str]:
    """The payload of the ``ime.choice`` event the UI appends when a learner picks ``chosen``."""
    return {"input": typed, "chosen": chosen}


class ChoiceHistory:
    """How often each text was chosen for each input (by :func:`input_key`), and overall."""

    def __init__(self) -> None:
        self._by_input: dict[str, Counter[str]] = {}
        self._overall: Counter[str] = Counter()

    def record(self, typed: str, chosen: str) -> None:
        key = input_key(typed)
        if not key or not chosen:
            return
        self._by_input.setdefault(key, Counter())[chosen] += 1
        self._overall[chosen] += 1

    def choices_for(self, typed: str) -> Mapping[str, int]:
        """Texts chosen for this input, with how often."""
        return self._by_input.get(input_key(typed), Counter())

    def times_chosen(self, text: str) -> int:
        return self._overall[text]

    @property
    def chosen_texts(self) -> Mapping[str, int]:
        return self._overall

    def __len__(self) -> int:
        return sum(self._overall.values())


def _field(event: Any, name: str) -> Any:
    if isinstance(event, Mapping):
        return event.get(name)
    return getattr(event, name, None)


def history_from_events(events: Iterable[Any]) -> ChoiceHistory:
    """A learner's choices from their events (``storage.Event`` objects or dicts with ``type``
    and ``payload``). Other event types, and malformed payloads, are skipped."""
    history = ChoiceHistory()
    for event in events:
        if _field(event, "type") != CHOICE_EVENT:
            continue
        payload = _field(event, "payload")
        if not isinstance(payload, Mapping):
            continue
        typed, chosen = payload.get("input"), payload.get("chosen")
        if isinstance(typed, str) and isinstance(chosen, str):
            history.record(typed, chosen)
    return history
