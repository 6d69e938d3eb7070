"""The event types that carry learners' access, facilitators, groups and sessions.

Other parts of dzlearn (the facilitator dashboard, reports, sync) read these names, so they are
spelled once, here. Every payload is plain JSON; mutable things are last-writer-wins in log order.
"""

from __future__ import annotations

LEARNER_CREATED = "learner.created"  # written by storage.LearnerStore; read here for names

FACILITATOR_CREATED = "facilitator.created"  # {facilitator_id, name, passphrase_hash}
FACILITATOR_PASSPHRASE_CHANGED = "facilitator.passphrase_changed"  # {facilitator_id, ...hash}

PICTURE_PASSWORD_SET = "learner.picture_password_set"  # {hash}
PICTURE_PASSWORD_CLEARED = "learner.picture_password_cleared"  # {by_facilitator}
LOGIN_FAILED = "learner.login_failed"  # {}
LOGIN_SUCCEEDED = "learner.login_succeeded"  # {}
LEARNER_UNLOCKED = "learner.unlocked"  # {by_facilitator}
LEARNER_DELETED = "learner.deleted"  # {by_facilitator}: a tombstone

GROUP_CREATED = "group.created"  # {group_id, name, centre}
GROUP_RENAMED = "group.renamed"  # {group_id, name}
GROUP_MEMBER_ADDED = "group.member_added"  # {group_id, learner_id}
GROUP_MEMBER_REMOVED = "group.member_removed"  # {group_id, learner_id}
GROUP_LESSONS_ASSIGNED = "group.lessons_assigned"  # {group_id, lessons: [{pack_id, lesson_id}]}

SESSION_RECORDED = "session.recorded"
# {session_id, group_id, date, attendees: [learner_id], devices: [device id or PC name],
#  facilitator_id}

LEARNER_ACCESS_TYPES = frozenset(
    {
        PICTURE_PASSWORD_SET,
        PICTURE_PASSWORD_CLEARED,
        LOGIN_FAILED,
        LOGIN_SUCCEEDED,
        LEARNER_UNLOCKED,
    }
)

PEOPLE_TYPES = frozenset(
    {
        LEARNER_CREATED,
        LEARNER_DELETED,
        FACILITATOR_CREATED,
        FACILITATOR_PASSPHRASE_CHANGED,
        GROUP_CREATED,
        GROUP_RENAMED,
        GROUP_MEMBER_ADDED,
        GROUP_MEMBER_REMOVED,
        GROUP_LESSONS_ASSIGNED,
        SESSION_RECORDED,
        *LEARNER_ACCESS_TYPES,
    }
)
"""Everything the people projections read; lesson activity is not among them."""

__all__ = [
    "FACILITATOR_CREATED",
    "FACILITATOR_PASSPHRASE_CHANGED",
    "GROUP_CREATED",
    "GROUP_LESSONS_ASSIGNED",
    "GROUP_MEMBER_ADDED",
    "GROUP_MEMBER_REMOVED",
    "GROUP_RENAMED",
    "LEARNER_ACCESS_TYPES",
    "LEARNER_CREATED",
    "LEARNER_DELETED",
    "LEARNER_UNLOCKED",
    "LOGIN_FAILED",
    "LOGIN_SUCCEEDED",
    "PEOPLE_TYPES",
    "PICTURE_PASSWORD_CLEARED",
    "PICTURE_PASSWORD_SET",
    "SESSION_RECORDED",
]
