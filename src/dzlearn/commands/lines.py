"""Shared plumbing for the text tools (keys, romanize, translit, ime): one result per input.

Inputs come from the command line or, with none given, one per line from stdin; each result is
written and flushed at once, so the tools can sit in a pipe. A bad input gets a clear message on
stderr (or an ``"error"`` field with --json) and the exit status 2, never a traceback; the other
inputs are still answered.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any


def inputs(texts: list[str]) -> Iterable[str]:
    if texts:
        yield from texts
        return
    for line in sys.stdin:
        yield line.rstrip("\r\n")


def answer_each(
    texts: list[str],
    convert: Callable[[str], Any],
    as_json: bool = False,
    render: Callable[[Any], str] = str,
) -> int:
    """Run ``convert`` on each input; ValueError marks that input as bad (status 2)."""
    status = 0
    for text in inputs(texts):
        try:
            result = convert(text)
        except ValueError as exc:
            status = 2
            if as_json:
                _emit(json.dumps({"input": text, "error": str(exc)}, ensure_ascii=False))
            else:
                print(f"dzlearn: {text!r}: {exc}", file=sys.stderr, flush=True)
                _emit("")
            continue
        if as_json:
            _emit(json.dumps({"input": text} | result, ensure_ascii=False))
        else:
            _emit(render(result))
    return status


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
