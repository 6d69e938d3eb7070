"""The app's services pick up lesson packs imported from a stick, beside the bundled ones."""

import json
import shutil
from pathlib import Path

from nacl.signing import SigningKey

from dzlearn.packs import TrustStore, build_pack, import_pack, sign_archive
from dzlearn.paths import DataLocation, resource_root
from dzlearn.services import Services
from dzlearn.storage import Database

REPO = Path(__file__).resolve().parents[1]


def test_an_imported_newer_version_replaces_the_bundled_pack(tmp_path: Path):
    source = tmp_path / "src"
    shutil.copytree(REPO / "lessons" / "dz-foundations", source)
    data = json.loads((source / "pack.json").read_text(encoding="utf-8"))
    data["version"] = 2
    data["title"]["en"] = "Dzongkha foundations, second edition"
    (source / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    key = SigningKey.generate()
    archive = tmp_path / "p.dzpack"
    build_pack(source, archive)
    sign_archive(archive, key)
    root = tmp_path / "data"
    import_pack(archive, root, TrustStore.of(key.verify_key))

    db = Database.open(root / "dzlearn.sqlite")
    try:
        services = Services.build(DataLocation(root, "--data"), resource_root(), db)
    finally:
        db.close()
    (pack,) = [p for p in services.library.packs if p.id == "dz-foundations"]
    assert pack.version == 2 and pack.title.en.endswith("second edition")
    assert services.library.problems == []


def test_building_the_services_loads_no_sound_processing(tmp_path: Path):
    """Start-up memory: numpy and libsndfile (~14 MB) load only when the studio is used."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path;"
        " from dzlearn.paths import DataLocation, resource_root;"
        " from dzlearn.services import Services; from dzlearn.storage import Database;"
        f" root = Path({str(tmp_path)!r}); db = Database.open(root / 'dzlearn.sqlite');"
        " Services.build(DataLocation(root, '--data'), resource_root(), db); db.close();"
        " heavy = [m for m in ('numpy', 'soundfile', 'pyttsx3') if m in sys.modules];"
        " assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
