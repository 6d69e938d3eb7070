"""Recorded voice: processing takes, English synthetic speech, the studio's recordings folder,
and coverage of spoken prompts. Pure Python (numpy, soundfile, pyttsx3); no Qt here."""
