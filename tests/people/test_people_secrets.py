"""argon2id hashes, and the rules checked before anything is hashed."""

import pytest

from dzlearn.people import (
    MIN_PASSPHRASE_LENGTH,
    PICTURE_NAMES,
    check_new_passphrase,
    check_picture_sequence,
    hash_passphrase,
    hash_picture_password,
    verify_passphrase,
    verify_picture_password,
)


def test_the_twelve_pictures_are_the_apps_pictures(repo):
    on_disk = sorted(p.stem for p in (repo / "assets" / "pictures").glob("*.svg"))
    assert list(PICTURE_NAMES) == on_disk and len(PICTURE_NAMES) == 12


def test_a_picture_password_is_argon2id_of_the_names_joined_by_commas():
    from argon2 import PasswordHasher

    hashed = hash_picture_password(["sun", "moon", "sun"])
    assert hashed.startswith("$argon2id$")
    assert PasswordHasher().verify(hashed, "sun,moon,sun")
    assert verify_picture_password(hashed, ["sun", "moon", "sun"])
    assert not verify_picture_password(hashed, ["moon", "sun", "sun"]), "order matters"
    assert not verify_picture_password(hashed, ["sun", "moon"])
    assert not verify_picture_password("not a hash", ["sun", "moon", "sun"])


def test_a_passphrase_verifies_and_a_wrong_one_does_not():
    hashed = hash_passphrase("tashi delek 2026")
    assert hashed.startswith("$argon2id$")
    assert verify_passphrase(hashed, "tashi delek 2026")
    assert not verify_passphrase(hashed, "tashi delek 2025")
    assert not verify_passphrase("$argon2id$garbage", "tashi delek 2026")


@pytest.mark.parametrize(
    ("sequence", "message"),
    [(["sun", "moon"], "3 pictures, not 2"), (["sun", "moon", "car"], "not one of the 12")],
)
def test_a_bad_picture_sequence_is_refused_with_a_reason(sequence, message):
    with pytest.raises(ValueError, match=message):
        check_picture_sequence(sequence)


def test_passphrase_rules():
    assert MIN_PASSPHRASE_LENGTH == 8
    with pytest.raises(ValueError, match="at least 8 characters"):
        check_new_passphrase("short")
    with pytest.raises(ValueError, match="not the same"):
        check_new_passphrase("long enough", "long enougH")
    with pytest.raises(ValueError, match="space"):
        check_new_passphrase(" long enough")
    assert check_new_passphrase("long enough", "long enough") == "long enough"
