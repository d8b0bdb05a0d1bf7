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


def test_usage_errors_exit_2(tmp_path):
    assert run("extract", str(tmp_path / "missing.pdf"), "-o", str(tmp_path)).returncode == 2
    assert run("extract", str(tmp_path), "--format", "doc").returncode == 2


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
