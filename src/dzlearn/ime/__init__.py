"""The phonetic input method: Latin typed by sound → ranked Dzongkha candidates (pure, no Qt)."""
