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


def test_keys_for_arguments():
    out = dzlearn("keys", "སྐུ", "ཀ་ཁ་")
    assert out.returncode == 0
    assert out.stdout.splitlines() == [", Shift+Q Y", "Q Space W Space"]


def test_keys_reads_stdin_line_by_line_and_reports_bad_lines():
    out = dzlearn("keys", "--json", stdin="ང\nhello\n")
    assert out.returncode == 2
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first == {"input": "ང", "keys": ["R"]}
    assert second["input"] == "hello" and "U+0068" in second["error"]
    assert "Traceback" not in out.stderr


def test_bad_input_without_json_names_the_character():
    out = dzlearn("keys", "ཀA")
    assert out.returncode == 2
    assert "U+0041" in out.stderr and "Traceback" not in out.stderr
