"""dzlearn: offline-first Dzongkha digital-literacy trainer."""

__version__ = "0.1.0"
