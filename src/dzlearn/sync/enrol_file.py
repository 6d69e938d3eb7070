"""Enrolling a device that never sees the network: a file from the hub, confirmed by USB.

``dzlearn hub enrol-file`` writes the hub's id, its address if it has one, its public keys and a
one-time code: nothing a finder could use but that code, which only enrols a device (a hub
refuses it once used). ``dzlearn device enrol --file`` stores the hub's keys and the code and
makes the device's keys; from then on the device can export bundles. Its bundles carry the
enrolment request (code and public keys) inside the sealed box until the hub's reply brings
the device's token, and ``dzlearn hub import`` checks the code before storing anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dzlearn.storage import Database
from dzlearn.storage.events import utc_now_iso

from .bundle_write import write_atomically
from .bundles import BundleError
from .device import OFFLINE_PREFIX, DeviceKeys, DeviceSyncState, Enrolment, normalise_hub_url
from .protocol import EnrolRequest

if TYPE_CHECKING:
    from .hub import HubStore

MAX_FILE_BYTES = 64 * 1024
DEFAULT_HOURS = 24 * 365  # a stick can take months to come back from a remote village
_KEY = r"^[0-9a-f]{64}$"


class EnrolFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dzlearn: str = Field(pattern="^enrol-file$")
    format: int = Field(ge=1, le=1)
    hub_id: str = Field(pattern=r"^[0-9A-Za-z_-]{1,64}$")
    hub_url: str | None = Field(default=None, max_length=300)
    hub_sign_key: str = Field(pattern=_KEY)
    hub_box_key: str = Field(pattern=_KEY)
    code: str = Field(min_length=1, max_length=64)
    valid_hours: float
    made_at: str = Field(max_length=64)


def write_enrol_file(
    store: HubStore, path: Path, *, hub_url: str | None, hours: float = DEFAULT_HOURS
) -> EnrolFile:
    """A new one-time code and the hub's public identity, written atomically to ``path``.

    ValueError for a bad address; BundleError if the file cannot be written (the code is
    then simply never used)."""
    url = normalise_hub_url(hub_url) if hub_url else None
    if path.exists() and path.is_dir():
        raise BundleError(f"{path} is a folder: give a file name, such as {path / 'enrol.json'}")
    box, signing = store.hub_keys()
    code = store.new_enrol_code(hours)
    made = EnrolFile(
        dzlearn="enrol-file", format=1, hub_id=store.hub_id, hub_url=url,
        hub_sign_key=signing.verify_key.encode().hex(),
        hub_box_key=box.public_key.encode().hex(),
        code=code, valid_hours=hours, made_at=utc_now_iso(),
    )  # fmt: skip
    data = json.dumps(made.model_dump(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, data.encode("utf-8"))
    return made


def read_enrol_file(path: Path) -> EnrolFile:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BundleError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise BundleError(f"{path} is too large to be a hub's enrolment file")
    try:
        made = EnrolFile.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(whole)"
        raise BundleError(
            f"{path} is not a hub's enrolment file ({where}: {first['msg']}); make one on the "
            "hub with: dzlearn hub enrol-file --out FILE"
        ) from None
    if made.hub_url:
        try:
            normalise_hub_url(made.hub_url)
        except ValueError as error:
            raise BundleError(f"{path}: {error}") from None
    return made


def enrol_from_file(db: Database, path: Path, *, name: str = "") -> Enrolment:
    """Trust the hub the file names; the enrolment waits for the hub's confirmation by USB."""
    made = read_enrol_file(path)
    request = {"code": made.code.strip(), "name": name.strip()[:100]}
    return DeviceSyncState(db).save_enrolment(
        hub_url=normalise_hub_url(made.hub_url) if made.hub_url else "",
        hub_id=made.hub_id,
        device_token=OFFLINE_PREFIX + json.dumps(request, ensure_ascii=False),
        hub_sign_key=made.hub_sign_key,
        hub_box_key=made.hub_box_key,
        keys=DeviceKeys.generate(),
        ca_pem=None,
    )


def enrol_request(enrolment: Enrolment, device_id: str) -> EnrolRequest | None:
    """What this device's bundles ask the hub while its file enrolment is unconfirmed."""
    pending = enrolment.offline_request
    if pending is None:
        return None
    return EnrolRequest(
        code=str(pending.get("code", "")),
        device_id=device_id,
        name=str(pending.get("name", "")),
        sign_key=enrolment.signing_key.verify_key.encode().hex(),
        box_key=enrolment.box_secret.public_key.encode().hex(),
    )
