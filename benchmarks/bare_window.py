"""A bare PySide6 window: the yardstick dzlearn's start-up is compared against."""

import sys
import time

started = time.perf_counter()
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1180, 860)
window.show()


def report() -> None:
    QApplication.processEvents()
    print(f"bare window shown startup_ms={(time.perf_counter() - started) * 1000:.0f}", flush=True)
    app.exit(0)


QTimer.singleShot(0, report)
sys.exit(app.exec())
