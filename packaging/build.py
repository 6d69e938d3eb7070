"""Build the one-folder bundle with PyInstaller and, on request, smoke-test it from its own folder.

    python packaging/build.py [--dist DIR] [--work DIR] [--smoke] [--no-build]

Prints where the bundle is, its size and how long the build took. ``--smoke`` then starts
``<bundle>/dzlearn --data <temp> --smoke-test`` offscreen with the bundle folder as the working
directory, as a facilitator's double-click would, and fails unless it says "smoke test ok".
Needs PyInstaller in the same environment (``pip install -e .[bundle]``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "dzlearn.spec"
# Variables that would make the frozen app look outside its own folder.
LEAKY_ENV = ("DZLEARN_DATA", "DZLEARN_RESOURCES", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")


def build(dist: Path, work: Path) -> tuple[Path, float]:
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, cwd=REPO, check=True)
    return dist / "dzlearn", time.monotonic() - started


def folder_size(folder: Path) -> int:
    """Bytes on disk; symbolic links (PyInstaller makes some on Linux) count once."""
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.lstat().st_size for path in files)


def executable(bundle: Path, console: bool = True) -> Path:
    """The launcher to run: on Windows the console twin, so output can be read."""
    if sys.platform == "win32":
        return bundle / ("dzlearn-cli.exe" if console else "dzlearn.exe")
    return bundle / "dzlearn"


def clean_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_in_bundle(
    bundle: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the bundled app from its own folder, with nothing from this checkout on its paths."""
    return subprocess.run(
        [str(executable(bundle)), *args],
        cwd=bundle,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def smoke(bundle: Path) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="dzlearn-smoke-") as data:
        return run_in_bundle(bundle, "--data", data, "--smoke-test")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where dzlearn/ goes")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    parser.add_argument("--smoke", action="store_true", help="smoke-test the bundle after")
    parser.add_argument("--no-build", action="store_true", help="smoke-test an existing build")
    args = parser.parse_args(argv)
    if args.no_build:
        bundle = args.dist.resolve() / "dzlearn"
        if not executable(bundle).is_file():
            print(f"no bundle at {bundle}: run make bundle", file=sys.stderr)
            return 2
    else:
        bundle, seconds = build(args.dist.resolve(), args.work.resolve())
        size = folder_size(bundle)
        print(f"bundle: {bundle}  {size / 1_000_000:.0f} MB  built in {seconds:.0f} s", flush=True)
    if args.smoke:
        result = smoke(bundle)
        print(result.stdout, end="")
        print(result.stderr, end="", file=sys.stderr)
        if result.returncode != 0 or "smoke test ok" not in result.stdout:
            print(f"smoke test FAILED (exit {result.returncode})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
