"""Entry point PyInstaller freezes: the same ``dzlearn`` command as the installed console script."""

import sys

from dzlearn.cli import main

if __name__ == "__main__":
    sys.exit(main())
