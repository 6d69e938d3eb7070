import json
import subprocess
import sys


def dzlearn(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_official_romanization_of_arguments():
    out = dzlearn("romanize", "ཐིམ་ཕུ", "ཀྲོང་གསར", "སྐུ་གཟུགས་བཟང་པོ་ལགས། ཐིམ་ཕུ")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["thimphu", "trongsa", "kuzuzangpo la thimphu"]


def test_json_gives_each_syllable():
    out = dzlearn("romanize", "--json", "ཀུན་གསལ")
    assert json.loads(out.stdout) == {
        "input": "ཀུན་གསལ",
        "roman": "kuensel",
        "syllables": [{"dz": "ཀུན", "roman": "kuen"}, {"dz": "གསལ", "roman": "sel"}],
    }


def test_misspelt_and_latin_lines_are_reported_from_stdin():
    out = dzlearn("romanize", "--json", stdin="ཆུ་ཁ\nཐིམ་ཀཀཀ\nhello\n")
    assert out.returncode == 2
    first, second, third = (json.loads(line) for line in out.stdout.splitlines())
    assert first["roman"] == "chhukha"
    assert "ཀཀཀ" in second["error"]
    assert third["error"] == "no Tibetan script to romanize"
    assert "Traceback" not in out.stderr
