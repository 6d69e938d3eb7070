"""Shared by the USB bundle tests: one trip of the stick, and snapshots to prove nothing changed."""

from __future__ import annotations

from pathlib import Path

from device_fixtures import Device, Hub
from sqlalchemy import func, select

from dzlearn.storage.schema import events, sync_conflicts
from dzlearn.sync.bundle_device import export_bundles, import_return_bundles
from dzlearn.sync.bundle_hub import DeviceImport, import_device_bundles
from dzlearn.sync.client import SyncSummary
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.hub.tables import hub_conflicts, hub_devices, hub_events


def export(device: Device, stick: Path) -> list[Path]:
    stick.mkdir(parents=True, exist_ok=True)
    return [path for path, _ in export_bundles(device.db, stick).files]


def hub_import(hub: Hub, paths: list[Path], out: Path | None = None) -> list[DeviceImport]:
    return import_device_bundles(hub.store, paths, out)


def device_import(device: Device, paths: list[Path]) -> SyncSummary:
    return import_return_bundles(device.db, paths)


def trip(device: Device, hub: Hub, stick: Path) -> tuple[DeviceImport, SyncSummary]:
    """Export, ingest on the hub, bring the reply back and apply it."""
    (outcome,) = hub_import(hub, export(device, stick))
    return outcome, device_import(device, [path for path, _ in outcome.returns])


def hub_snapshot(hub: Hub) -> tuple:
    """Everything a bundle could change on the hub."""
    with hub.store.engine.connect() as connection:
        stored = connection.execute(
            select(hub_events.c.hub_seq, hub_events.c.event_id, hub_events.c.content_hash).order_by(
                hub_events.c.hub_seq
            )
        ).all()
        conflicts = connection.execute(
            select(hub_conflicts.c.event_id, hub_conflicts.c.content_hash).order_by(
                hub_conflicts.c.conflict_id
            )
        ).all()
        devices = connection.execute(
            select(
                hub_devices.c.device_id, hub_devices.c.acked_seq, hub_devices.c.revoked_at
            ).order_by(hub_devices.c.device_id)
        ).all()
    return tuple(stored), tuple(conflicts), tuple(devices)


def device_snapshot(device: Device) -> tuple:
    """Everything a return bundle could change on a device (progress, log, resume points)."""
    enrolment = DeviceSyncState(device.db).enrolment()
    with device.db.reading() as connection:
        log = (
            connection.execute(
                select(events.c.event_id).order_by(events.c.device_id, events.c.device_seq)
            )
            .scalars()
            .all()
        )
        kept = connection.execute(select(func.count()).select_from(sync_conflicts)).scalar()
    names = sorted(learner.display_name for learner in device.learners.list())
    resume = (enrolment.pull_cursor, enrolment.acked_seq) if enrolment else None
    return device.progress(), tuple(log), kept, tuple(names), resume
