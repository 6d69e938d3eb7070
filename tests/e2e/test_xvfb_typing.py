"""The real app in a real X server, typed at by a real (virtual) keyboard whose OS layout is
French (AZERTY): the Dzongkha letters still come from the key *positions* of the DDC layout.

Key 'a' on AZERTY sits where Q is on QWERTY, so it must type ཀ; 'z' sits where W is: ཁ.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dzlearn.learning.progress import STEP_COMPLETED
from dzlearn.lessons.loader import load_pack
from dzlearn.services import ProgressService
from dzlearn.storage import Database, EventLog, LearnerStore

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
DZLEARN = Path(sys.executable).with_name("dzlearn")
TOOLS = ("Xvfb", "xdotool", "setxkbmap")


@pytest.fixture
def display():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{missing} not installed: run scripts/setup.sh")
    read, write = os.pipe()
    server = subprocess.Popen(
        # -noreset: otherwise the server resets (and forgets the layout) when setxkbmap exits
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            "1280x900x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):  # Xvfb dies if the pipe closes before its newline
        chunk = os.read(read, 16)
        if not chunk:
            pytest.fail("Xvfb did not start")
        number += chunk
    os.close(read)
    number = number.decode().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def x(display: str, *args: str) -> None:
    out = subprocess.run(
        args, env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, f"{args} failed: {out.stderr}"


def steps_done(data: Path, learner_id: str) -> list[dict]:
    db = Database.open(data / "dzlearn.sqlite")
    try:
        events = EventLog(db).for_learner(learner_id)
    finally:
        db.close()
    return [e.payload for e in events if e.type == STEP_COMPLETED]


def wait_for_steps(data: Path, learner_id: str, count: int, seconds: float = 20.0) -> list[dict]:
    deadline = time.monotonic() + seconds
    while len(done := steps_done(data, learner_id)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return done


def test_typing_by_key_position_with_a_french_os_layout(display, tmp_path):
    data = tmp_path / "data"
    db = Database.open(data / "dzlearn.sqlite")
    events = EventLog(db)
    learner = LearnerStore(db, events).create("Pema", "tree")
    pack = load_pack(REPO / "lessons" / "dz-foundations")
    lesson = pack.lesson("ka-row")
    ProgressService(events).record_step(
        learner.learner_id, pack, lesson, lesson.steps[0], None, 1000
    )
    db.close()

    x(display, "setxkbmap", "fr")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [str(DZLEARN), "--data", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the title changes once storage is open behind the shown window
        x(display, "xdotool", "search", "--sync", "--onlyvisible", "--name", "རྫོང")
        for _attempt in range(3):  # a slow machine may need a second go at the clicks
            time.sleep(1.0)
            x(display, "xdotool", "mousemove", "133", "230", "click", "1")  # Pema's tile
            time.sleep(1.0)
            x(display, "xdotool", "mousemove", "1030", "294", "click", "1")  # Continue
            time.sleep(1.0)
            x(display, "xdotool", "key", "a")  # AZERTY 'a' = the Q position = ཀ
            done = wait_for_steps(data, learner.learner_id, 2, seconds=5)
            if len(done) >= 2:
                break
        x(display, "xdotool", "key", "Return")
        time.sleep(0.5)
        x(display, "xdotool", "key", "z")  # AZERTY 'z' = the W position = ཁ
        done = wait_for_steps(data, learner.learner_id, 3)
    finally:
        app.terminate()
        _, err = app.communicate(timeout=20)
    assert "Traceback" not in err
    assert [(d["step_id"], d.get("target"), d.get("mistakes")) for d in done] == [
        ("intro", None, None),
        ("type-ka", "ཀ", 0),
        ("type-kha", "ཁ", 0),
    ]
