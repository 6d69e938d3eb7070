"""Fixtures for the report model's tests."""

import pytest
from outcome_logs import Log

from dzlearn.lessons.loader import load_library
from dzlearn.paths import resource_root


@pytest.fixture(scope="session")
def library():
    return load_library(resource_root() / "lessons")


@pytest.fixture
def log() -> Log:
    return Log()
