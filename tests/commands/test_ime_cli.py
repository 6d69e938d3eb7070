import json
import os
import select
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "ime" / "fixtures" / "lexicon.jsonl"
HELLO_LA = "སྐུ་གཟུགས་བཟང་པོ་ལགས"


def dzlearn(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_candidates_for_arguments_one_line_each_tab_separated():
    out = dzlearn("ime", "--lexicon", str(FIXTURE), "--top", "3", "kuzuzangpola", "tashi delek")
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()
    assert first.split("\t")[0] == HELLO_LA and len(first.split("\t")) == 3
    assert second.split("\t")[0] == "བཀྲ་ཤིས་བདེ་ལེགས"


def test_json_shape():
    out = dzlearn("ime", "--json", "--lexicon", str(FIXTURE), "Kuzu zangpo la")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["input"] == "Kuzu zangpo la"
    assert len(result["candidates"]) == 5
    assert result["candidates"][0] == {
        "text": HELLO_LA,
        "ewts": "sku gzugs bzang po lags",
        "roman": "kuzukzangpo la",
        "gloss": "hello + polite particle (sir, madam)",
    }
    assert all(set(c) == {"text", "ewts", "roman", "gloss"} for c in result["candidates"])


def test_exact_ewts_by_flag_or_backslash():
    out = dzlearn("ime", "--json", "--lexicon", str(FIXTURE), "--ewts", "sku gzugs")
    assert json.loads(out.stdout)["candidates"][0]["text"] == "སྐུ་གཟུགས"
    out = dzlearn("ime", "--lexicon", str(FIXTURE), "\\bkra shis")
    assert out.stdout.strip() == "བཀྲ་ཤིས"


def test_stdin_is_answered_line_by_line_as_it_arrives():
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dzlearn", "ime", "--lexicon", str(FIXTURE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for typed, expected in [("kuzuzangpola", HELLO_LA), ("timpu", "ཐིམ་ཕུ")]:
            proc.stdin.write(typed + "\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            assert ready, "no answer before the next line was sent: output is not flushed"
            assert proc.stdout.readline().split("\t")[0] == expected
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


def test_bad_lines_get_an_error_and_status_2_but_the_rest_are_answered():
    out = dzlearn("ime", "--json", "--lexicon", str(FIXTURE), stdin="kadrinche\n\n123\n\\kkq\n")
    assert out.returncode == 2
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines[0]["candidates"][0]["text"] == "བཀའ་དྲིན་ཆེ"
    assert lines[1] == {"input": "", "error": "empty input"}
    assert "no Dzongkha reading" in lines[2]["error"]
    assert "EWTS" in lines[3]["error"]
    assert "Traceback" not in out.stderr


def test_bad_input_without_json_is_named_on_stderr():
    out = dzlearn("ime", "--lexicon", str(FIXTURE), "!!!")
    assert out.returncode == 2
    assert "'!!!'" in out.stderr and "no Dzongkha reading" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_options_and_lexicon_exit_2_without_a_traceback(tmp_path: Path):
    out = dzlearn("ime", "--top", "0", "ku")
    assert out.returncode == 2 and "at least 1" in out.stderr
    broken = tmp_path / "lexicon.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    out = dzlearn("ime", "--lexicon", str(broken), "ku")
    assert out.returncode == 2 and "lexicon" in out.stderr and "Traceback" not in out.stderr
    out = dzlearn("ime", "--lexicon", str(tmp_path / "missing.jsonl"), "ku")
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_the_bundled_lexicon_is_used_by_default():
    out = dzlearn("ime", "--json", "kadrinche")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["candidates"][0]["text"] == "བཀའ་དྲིན་ཆེ"
