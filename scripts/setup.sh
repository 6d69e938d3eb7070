#!/usr/bin/env bash
# Set up dzlearn on this machine: system libraries (when root), a virtual environment in .venv/,
# and the package in editable mode. Safe to run again: it only does what is missing.
# Usage: scripts/setup.sh [--test]   (--test also installs the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS=""
[ "${1:-}" = "--test" ] && EXTRAS="[test]"

# Qt's xcb/offscreen platforms, fonts and OpenGL; eSpeak NG for pyttsx3; Xvfb for screen tests.
SYSTEM_PACKAGES=(
  libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 fonts-dejavu-core
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxrender1 libxi6 libpulse0 libasound2
  espeak-ng libespeak-ng1
  xvfb xauth xdotool x11-apps x11-xkb-utils hunspell poppler-utils
)
# The sync hub's tests start a throwaway PostgreSQL server (tests/sync/conftest.py).
[ "${1:-}" = "--test" ] && SYSTEM_PACKAGES+=(postgresql)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      echo "dzlearn setup: installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "dzlearn setup: these system packages are missing. Install them with:" >&2
      echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    fi
  fi
fi

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "dzlearn setup: Python 3.11 or newer is needed" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "dzlearn setup: creating .venv with $PYTHON"
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "dzlearn setup: '$PYTHON -m venv' failed; install it with: sudo apt-get install python3-venv" >&2
      exit 1
    fi
  fi
fi

stamp=".venv/.dzlearn-installed${EXTRAS}"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "dzlearn setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${EXTRAS}"
  echo "$want" > "$stamp"
fi
