"""Facilitator mode (behind a passphrase) and the picture-password pad learners tap."""
