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


def test_ewts_to_unicode_and_back():
    out = dzlearn("translit", "--to", "unicode", "sku gzugs bzang po lags/", "g.yang")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["སྐུ་གཟུགས་བཟང་པོ་ལགས།", "གཡང"]
    out = dzlearn("translit", "--to", "ewts", "སྐུ་གཟུགས་བཟང་པོ་ལགས།", "གཡང")
    assert out.stdout.splitlines() == ["sku gzugs bzang po lags/", "g.yang"]


def test_stdin_lines_and_json_errors():
    out = dzlearn("translit", "--to", "unicode", "--json", stdin="bkra shis\nkkkq\n")
    assert out.returncode == 2
    good, bad = (json.loads(line) for line in out.stdout.splitlines())
    assert good == {"input": "bkra shis", "output": "བཀྲ་ཤིས"}
    assert bad["input"] == "kkkq" and "not valid EWTS" in bad["error"]


def test_latin_is_refused_for_ewts_output_and_tibetan_for_unicode_output():
    out = dzlearn("translit", "--to", "ewts", "hello")
    assert out.returncode == 2 and "U+0068" in out.stderr and "Traceback" not in out.stderr
    out = dzlearn("translit", "--to", "unicode", "ཀ")
    assert out.returncode == 2 and "already Tibetan" in out.stderr


def test_to_is_required():
    out = dzlearn("translit", "ka")
    assert out.returncode == 2 and "--to" in out.stderr and "Traceback" not in out.stderr
