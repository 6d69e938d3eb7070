"""Property: any member name the checks accept stays inside the pack folder on every system."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from hypothesis import given, settings
from hypothesis import strategies as st

from dzlearn.packs import Limits, PackRefused
from dzlearn.packs.names import check_name, collision_key

PIECES = st.sampled_from(
    ["a", "B", "..", ".", "", "/", "\\", "C:", "con", "Aux.txt", " ", "\x00", "é", "e\u0301", ":"]
)
NAMES = st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=8).map("".join))


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_accepted_names_cannot_escape(name: str):
    try:
        check_name("files/" + name, Limits())
    except PackRefused:
        return
    for flavour in (PurePosixPath, PureWindowsPath):
        path = flavour("files/" + name)
        assert not path.is_absolute() and not path.drive and ".." not in path.parts
    target = (Path("/pack") / "files" / name).resolve()
    assert target.is_relative_to(Path("/pack").resolve())
    assert all(ord(c) >= 32 for c in name)


def test_collision_key_merges_case_and_normalisation():
    assert collision_key("files/Café.TXT") == collision_key("files/cafe\u0301.txt")
    assert collision_key("files/a") != collision_key("files/b")
