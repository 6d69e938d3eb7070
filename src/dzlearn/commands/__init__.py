"""Subcommands of the ``dzlearn`` command line, one module each (see cli.py)."""
