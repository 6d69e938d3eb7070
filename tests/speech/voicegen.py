"""Generated sound standing in for a voice, and a tiny lesson pack that speaks (test helpers)."""

from __future__ import annotations

import numpy as np

from dzlearn.lessons.models import Pack


def speechlike(seconds: float, rate: int, amplitude: float = 0.1) -> np.ndarray:
    """A voiced sound with syllable-like bursts: harmonics of a wobbling 140 Hz pitch."""
    t = np.arange(int(seconds * rate)) / rate
    phase = 2 * np.pi * np.cumsum(140 + 30 * np.sin(2 * np.pi * 1.3 * t)) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 10))
    envelope = 0.3 + 0.7 * np.abs(np.sin(2 * np.pi * 2.0 * t))
    signal = voice * envelope
    return (amplitude * signal / np.max(np.abs(signal))).astype(np.float32)


def take(rate: int, before: float, voice: float, after: float, amplitude: float = 0.1):
    rng = np.random.default_rng(7)
    samples = np.concatenate(
        [
            np.zeros(int(before * rate)),
            speechlike(voice, rate, amplitude),
            np.zeros(int(after * rate)),
        ]
    )
    return (samples + rng.normal(0, 0.0005, len(samples))).astype(np.float32)


def prompt(segment: str, dz: str, en: str) -> dict:
    return {"segment": segment, "text": {"dz": dz, "en": en}}


def tiny_pack(pack_id: str = "tiny", intro_dz: str = "ཀ་ཁ་") -> Pack:
    """Two lessons: a listen step, a quiz whose choices are sounds, and a shared prompt."""
    shared = prompt(f"{pack_id}.shared", "ལེགས་ཤོམ་", "Well done.")
    lesson_one = {
        "id": "one",
        "title": {"dz": "ཀ", "en": "One"},
        "steps": [
            {
                "kind": "listen",
                "id": "intro",
                "prompt": prompt(f"{pack_id}.intro", intro_dz, "Listen."),
                "show": "ཀ",
            },
            {
                "kind": "quiz",
                "id": "quiz",
                "prompt": prompt(f"{pack_id}.quiz", "འདི་ག་ཅི་ཨིན", "Which is it?"),
                "questions": [
                    {
                        "id": "q1",
                        "prompt": prompt(f"{pack_id}.q1", "ཀ", "Pick ka."),
                        "choices": [
                            {"id": "a", "sound": prompt(f"{pack_id}.sound-ka", "ཀ", "ka")},
                            {"id": "b", "sound": prompt(f"{pack_id}.sound-kha", "ཁ", "kha")},
                        ],
                        "answer": "a",
                    }
                ],
            },
            {"kind": "listen", "id": "end", "prompt": shared, "show": "ཀ"},
        ],
    }
    lesson_two = {
        "id": "two",
        "title": {"dz": "ཁ", "en": "Two"},
        "steps": [{"kind": "listen", "id": "end", "prompt": shared, "show": "ཁ"}],
    }
    return Pack.model_validate(
        {
            "schema_version": 1,
            "id": pack_id,
            "version": 1,
            "title": {"dz": "ཀ", "en": "Tiny"},
            "min_app_version": "0.1.0",
            "units": [
                {"id": "u", "title": {"dz": "ཀ", "en": "U"}, "lessons": [lesson_one, lesson_two]}
            ],
        }
    )
