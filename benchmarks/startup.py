"""Cold start and peak memory of dzlearn, side by side with a bare PySide6 window.

Each run is a fresh process, timed from spawn to the line the process prints when its window has
been shown (dzlearn: its first event-loop turn after show(); then again when the learner picker is
filled from storage). Peak RSS comes from the kernel's accounting of the finished child.
Usage: .venv/bin/python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DZLEARN = Path(sys.executable).with_name("dzlearn")
BARE = [sys.executable, str(HERE / "bare_window.py")]
PLATFORM = os.environ.get("QT_QPA_PLATFORM", "offscreen")


def run(cmd: list[str], markers: tuple[str, ...]) -> tuple[dict[str, float], float]:
    env = {**os.environ, "QT_QPA_PLATFORM": PLATFORM}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    seen: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        for marker in markers:
            if line.startswith(marker) and marker not in seen:
                seen[marker] = (time.perf_counter() - start) * 1000
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or len(seen) != len(markers):
        raise SystemExit(f"{cmd[-1]} failed (status {status}, saw {sorted(seen)})")
    return seen, usage.ru_maxrss / 1024  # MB


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as data:
        subprocess.run(
            [str(DZLEARN), "--data", data, "--smoke-test"], check=True, capture_output=True
        )  # first run makes the database; measure warm opens
        bare_ms, bare_mb, shown_ms, ready_ms, app_mb = [], [], [], [], []
        for _ in range(runs):
            seen, mb = run(BARE, ("bare window shown",))
            bare_ms.append(seen["bare window shown"])
            bare_mb.append(mb)
            seen, mb = run(
                [str(DZLEARN), "--data", data, "--smoke-test"], ("window shown", "smoke test ok")
            )
            shown_ms.append(seen["window shown"])
            ready_ms.append(seen["smoke test ok"])
            app_mb.append(mb)
    med = statistics.median
    print(f"runs: {runs} each, medians, QT_QPA_PLATFORM={PLATFORM}")
    print(f"bare PySide6 window   shown {med(bare_ms):7.0f} ms   peak RSS {med(bare_mb):6.1f} MB")
    print(f"dzlearn main window   shown {med(shown_ms):7.0f} ms   peak RSS {med(app_mb):6.1f} MB")
    print(f"dzlearn storage+lessons ready {med(ready_ms):5.0f} ms")
    print(f"ratio shown/bare  {med(shown_ms) / med(bare_ms):.2f}x   (target <= 2.0x)")
    print(f"ratio ready/bare  {med(ready_ms) / med(bare_ms):.2f}x")
    print(f"ratio RSS         {med(app_mb) / med(bare_mb):.2f}x   (target <= 2.5x)")


if __name__ == "__main__":
    main()
