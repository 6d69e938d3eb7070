"""The sync hub: a server that collects devices' events and hands each device the others'.

``store`` (SQLAlchemy Core, SQLite or PostgreSQL) needs no web framework, so tools such as
``hub import`` can use it alone; ``app`` is the HTTP API on top. Nothing here imports Qt.
"""

from .records import ConflictRecord, DeviceRecord, HubError
from .store import HubStore

__all__ = ["ConflictRecord", "DeviceRecord", "HubError", "HubStore"]
