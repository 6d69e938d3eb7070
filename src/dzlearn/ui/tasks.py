"""Run storage work off the UI thread, one job at a time, and hand results back on the UI thread.

Like Anki's CollectionOp: the work function must never touch a widget; callbacks run on the UI
thread through a queued signal. A single worker also makes it the one database writer.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal


class TaskRunner(QObject):
    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, on_unhandled_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dzlearn-db")
        self._on_unhandled_error = on_unhandled_error
        self.pending = 0
        self._finished.connect(self._deliver)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def job() -> None:
            try:
                result = work()
            except Exception as exc:  # delivered to the UI thread, never swallowed
                self._finished.emit(on_error or self._on_unhandled_error, None, exc)
            else:
                self._finished.emit(on_done, result, None)

        self.pending += 1
        self._executor.submit(job)

    def _deliver(self, callback: Callable[..., None] | None, result: Any, error: Any) -> None:
        self.pending -= 1
        if callback is None:
            return
        callback(error) if error is not None else callback(result)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
