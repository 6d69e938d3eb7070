"""Learners' privacy and facilitators: picture passwords and lock-out, facilitator accounts,
groups, sessions, and a learner's data rights (export, deletion as a tombstone).

No Qt here. Everything is replayed from the event log (``projections``); ``PeopleService`` reads
and writes it and is called off the UI thread.
"""

from .event_types import PEOPLE_TYPES
from .export import (
    EXPORT_FORMAT,
    EXPORT_SCHEMA_VERSION,
    export_learner,
    suggested_file_name,
    write_export,
)
from .hashing import (
    hash_passphrase,
    hash_picture_password,
    verify_passphrase,
    verify_picture_password,
)
from .projections import (
    Facilitator,
    Group,
    LearnerAccess,
    LessonRef,
    People,
    Profile,
    Session,
    deleted_learners,
    learner_access,
    log_order,
    project_people,
)
from .rules import (
    LOCKOUT_AFTER,
    MIN_PASSPHRASE_LENGTH,
    PICTURE_NAMES,
    PICTURE_PASSWORD_LENGTH,
    check_new_passphrase,
    check_picture_sequence,
)
from .service import LoginOutcome, LoginResult, NotFound, Overview, PartlySaved, PeopleService

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_SCHEMA_VERSION",
    "LOCKOUT_AFTER",
    "MIN_PASSPHRASE_LENGTH",
    "PEOPLE_TYPES",
    "PICTURE_NAMES",
    "PICTURE_PASSWORD_LENGTH",
    "Facilitator",
    "Group",
    "LearnerAccess",
    "LessonRef",
    "LoginOutcome",
    "LoginResult",
    "NotFound",
    "Overview",
    "PartlySaved",
    "People",
    "PeopleService",
    "Profile",
    "Session",
    "check_new_passphrase",
    "check_picture_sequence",
    "deleted_learners",
    "export_learner",
    "hash_passphrase",
    "hash_picture_password",
    "learner_access",
    "log_order",
    "project_people",
    "suggested_file_name",
    "verify_passphrase",
    "verify_picture_password",
    "write_export",
]
