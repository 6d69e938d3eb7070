"""Learner pictures: a picture id this PC does not know still shows something."""

from pathlib import Path

from dzlearn.ui.widgets.pictures import PictureSet

PICTURES = Path(__file__).resolve().parents[2] / "assets" / "pictures"


def _painted(pixmap) -> int:  # noqa: ANN001
    image = pixmap.toImage()
    return sum(
        1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
        if image.pixelColor(x, y).alpha() > 0
    )  # fmt: skip


def test_an_unknown_or_path_like_picture_id_gets_a_person_outline(qtbot):
    pictures = PictureSet(PICTURES)
    known = _painted(pictures.pixmap("sun", 96))
    unknown = _painted(pictures.pixmap("yak-from-a-newer-pc", 96))
    path_like = pictures.pixmap("../pictures/sun", 96)
    assert known > 0 and unknown > 0  # never an empty tile
    # a path never reaches a file outside the set: it is drawn like any unknown picture
    assert path_like.toImage() == pictures.pixmap("no-such", 96).toImage()
