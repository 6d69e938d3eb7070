import pytest
from voicegen import tiny_pack

from dzlearn.lessons.loader import Library


@pytest.fixture
def tiny_library() -> Library:
    return Library([tiny_pack()], [])
