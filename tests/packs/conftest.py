"""Pack test fixtures: fixed signing keys, a forge, and ``refuse``, which imports a hostile
archive and checks that the refusal changed nothing in the data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from packforge import Forge, snapshot, temp_leftovers

from dzlearn.packs import Limits, PackRefused, TrustStore, import_pack


@pytest.fixture
def key_a() -> SigningKey:
    return SigningKey(b"A" * 32)


@pytest.fixture
def key_b() -> SigningKey:
    return SigningKey(b"B" * 32)


@pytest.fixture
def key_c() -> SigningKey:
    return SigningKey(b"C" * 32)


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def forge(tmp_path: Path, key_a: SigningKey) -> Forge:
    folder = tmp_path / "forged"
    folder.mkdir()
    return Forge(folder, key_a)


@pytest.fixture
def trust(key_a: SigningKey) -> TrustStore:
    return TrustStore.of(key_a.verify_key)


@pytest.fixture
def installed_baseline(forge: Forge, data_root: Path, trust: TrustStore) -> dict[str, bytes]:
    """A good version 1 of the pack every hostile archive pretends to upgrade."""
    good = forge.make([("files/ka.txt", b"ka")], version=1)
    import_pack(good, data_root, trust)
    return snapshot(data_root)


@pytest.fixture
def refuse(
    data_root: Path,
    trust: TrustStore,
    installed_baseline: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., PackRefused]:
    """Import ``archive`` expecting refusal ``code``; check the data folder is as it was."""
    import dzlearn.packs.verify as verify_module

    created: list[Path] = []
    real_create = verify_module._create

    def spy(dest: Path, relative: str):
        created.append(dest.joinpath(relative))
        return real_create(dest, relative)

    monkeypatch.setattr(verify_module, "_create", spy)

    def run(
        archive: Path,
        code: str,
        *,
        names: str | None = None,
        limits: Limits | None = None,
        store: TrustStore | None = None,
    ) -> PackRefused:
        before = snapshot(data_root)
        assert before, "the baseline install should be there"
        with pytest.raises(PackRefused) as caught:
            import_pack(archive, data_root, store or trust, limits=limits)
        exc = caught.value
        assert exc.reason_code == code, exc.message
        if names is not None:
            assert names in exc.message
        assert snapshot(data_root) == before
        assert temp_leftovers(data_root) == []
        for path in created:
            assert path.relative_to(data_root / "packs").parts[0].startswith(".tmp-"), path
        return exc

    return run
