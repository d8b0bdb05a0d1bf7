"""The kehoach command on real files in a temporary folder."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, SAMPLES, SEED
from pipeline.cli import main, schema_text

KEHOACH = [sys.executable, "-m", "pipeline.cli"]


def run(*args, cwd=REPO):
    return subprocess.run([*KEHOACH, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_help_explains_commands():
    done = run("--help")
    assert done.returncode == 0 and "extract" in done.stdout and "exit codes" in done.stdout


def test_schema_command_prints_the_published_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["properties"]["schema"]["const"] == "kehoach/1"
    assert printed == json.loads(schema_text())


def test_usage_errors_exit_2_with_one_line(tmp_path, seed_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cases = [("extract", str(seed_path), "--format", "doc"),
             ("extract", str(seed_path), "--timeout", "nan"),
             ("extract", str(seed_path), "--timeout", "-1"),
             ("extract", str(seed_path), "--jobs", "0"),
             ("extract", str(seed_path), "-o", str(blocker / "out")),  # a folder under a file
             ("extract", str(seed_path), "-o", "/proc/kehoach-out"),
             ("extract", str(tmp_path / "empty-folder")),
             ("extract", "--no-such-option", str(seed_path))]
    (tmp_path / "empty-folder").mkdir()
    for args in cases:
        done = run(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, (args, done.stderr)
    assert not (blocker.parent / "out").exists()


def test_missing_path_is_a_failed_input_not_the_end_of_the_batch(tmp_path, seed_path):
    out = tmp_path / "out"
    done = run("extract", str(tmp_path / "missing.pdf"), str(seed_path), str(tmp_path / "*.nothing"),
               "-o", str(out), "--format", "json")
    assert done.returncode == 1, done.stderr
    assert (out / f"{seed_path.stem}.json").exists()
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [(Path(e["file"]).name, e["reason"]) for e in errors] == [("missing.pdf", "not found"),
                                                                      ("*.nothing", "not found")]
    assert all(e["remedy"] for e in errors)


def test_help_lists_every_exit_code():
    from pipeline.failures import ExitCode

    text = run("extract", "--help").stdout
    for code in ExitCode:
        assert f" {int(code)}  " in text, code


def test_batch_with_a_broken_file_goes_on(tmp_path, seed_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(seed_path, inbox / seed_path.name)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (inbox / "notes.tiff").write_bytes(b"not really an image")
    out = tmp_path / "out"
    done = run("extract", str(inbox), "-o", str(out), "-j", "2")
    assert done.returncode == 1, done.stderr
    stem = seed_path.stem
    data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(schema_text()))
    assert (out / f"{stem}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "broken.pdf" in done.stdout and "corrupt" in done.stdout
    assert not (out / "broken.json").exists()


def test_fix_text_from_stdin_line_for_line():
    text = "Chi số PCI\n\nChi phí thời gian\tBảo cáo kết quả\n"
    done = subprocess.run([*KEHOACH, "fix-text", "-"], input=text, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout == "Chỉ số PCI\n\nChi phí thời gian\tBáo cáo kết quả\n"
    done = subprocess.run([*KEHOACH, "fix-text", "-", "--json"], input=text, cwd=REPO, capture_output=True,
                          text=True)
    fixes = json.loads(done.stdout)
    assert [(f["line"], f["from"], f["to"]) for f in fixes] == [(1, "Chi", "Chỉ"), (3, "Bảo", "Báo")]


def test_no_fix_turns_repair_off(tmp_path, seed_path):
    out = tmp_path / "out"
    run("extract", str(seed_path), "-o", str(out), "--no-fix", "--format", "json")
    data = json.loads((out / f"{seed_path.stem}.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for t in data["tables"] for r in t["rows"] for f in r["fixes"]}
    assert "vocabulary-phrase" not in rules
    assert any("Chi số" in r["task"] for t in data["tables"] for r in t["rows"])
