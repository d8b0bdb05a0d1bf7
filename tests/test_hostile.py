"""A hostile corpus, generated here, run as one batch mixed with good files.

Every bad file must come back in errors.json with a documented reason and a
remedy, nothing may print a traceback, and every good file's outputs must be
byte for byte those of a run without the bad ones.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES
from pipeline.failures import REMEDIES, Reason

KEHOACH = [sys.executable, "-m", "pipeline.cli"]
REPORTS = {"summary.csv", "errors.json", "report.html", "inputs.jsonl"}
#: ~80 Vietnamese characters, ~240 bytes of UTF-8: with ".xlsx" and a temporary file's affixes, over 255.
LONG_NAME = "Kế hoạch " + "ữ" * 75


def kehoach(*args, **kwargs):
    return subprocess.run([*KEHOACH, *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          timeout=300, **kwargs)


def plan_dump(task: str, amount: int = 10) -> str:
    """A small OCR text dump holding one plan table whose total adds up."""
    return ("KẾ HOẠCH CÔNG TÁC NĂM 2024\n\n"
            "TT\tNhiệm vụ\tĐơn vị chủ trì\tKinh phí (triệu đồng)\n"
            f"1\t{task}\tVăn phòng\t{amount}\n"
            f"2\tTổng kết {task.lower()}\tSở Nội vụ\t{amount}\n"
            f"Tổng cộng\t\t\t{2 * amount}\n")


def png(path: Path, width: int, height: int) -> None:
    """A gray PNG of white pixels, written row by row (a bomb is a few hundred KB)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def good_files(root: Path, seed_path: Path) -> list[Path]:
    """Good inputs, among them names that used to collide or clash with the batch's reports."""
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    shutil.copy(SAMPLES / "synthetic-huyen-2023.pdf", root / "a" / "plan.pdf")
    (root / "b" / "plan.txt").write_text(plan_dump("Rà soát thủ tục"), encoding="utf-8")
    shutil.copy(SAMPLES / "dak-nong-cv104-2019.pdf", root / "plan-pdf.pdf")
    (root / "summary.txt").write_text(plan_dump("Khảo sát mức độ hài lòng"), encoding="utf-8")
    (root / "errors.txt").write_text(plan_dump("Kiểm tra công vụ", 5), encoding="utf-8")
    (root / "=HYPERLINK(1).txt").write_text(plan_dump("Tuyên truyền"), encoding="utf-8")
    (root / "@SUM.txt").write_text(plan_dump("Đào tạo"), encoding="utf-8")
    (root / f"{LONG_NAME}.txt").write_text(plan_dump("Số hóa hồ sơ"), encoding="utf-8")
    (root / "Plan.TXT").write_text(plan_dump("Cải cách thể chế"), encoding="utf-8")
    shutil.copy(seed_path, root / "seed.txt")
    stray = plan_dump("Ứng dụng công nghệ thông tin").encode("utf-8")
    (root / "stray-byte.txt").write_bytes(stray[:40] + b"\xff" + stray[40:])
    (root / "utf16-no-bom.txt").write_bytes(plan_dump("Hiện đại hóa hành chính").encode("utf-16-le"))
    return sorted(p for p in root.rglob("*") if p.is_file())


def bad_files(root: Path) -> dict[str, str]:
    """Bad inputs written into ``root``: name -> the reason errors.json must give."""
    from PIL import Image
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    root.mkdir(parents=True)
    expected = {}

    def put(name: str, data: bytes, reason: Reason) -> None:
        (root / name).write_bytes(data)
        expected[name] = reason.value

    put("random.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, Reason.CORRUPT)
    half = (SAMPLES / "dak-nong-qd2070-2019.pdf").read_bytes()
    put("cut-in-half.pdf", half[:len(half) // 2], Reason.CORRUPT)
    put("empty.pdf", b"", Reason.CORRUPT)
    put("empty.txt", b"", Reason.NOT_A_PLAN)
    put("hello.txt", "Xin chào, đây không phải kế hoạch.\n".encode("utf-8"), Reason.NOT_A_PLAN)
    put("letter.docx", b"PK\x03\x04 not a plan format", Reason.UNSUPPORTED_TYPE)
    put("binary.txt", b"\x00\x01\x02\x03" * 512, Reason.CORRUPT)
    cp1258 = unicodedata.normalize("NFD", "Kế hoạch năm 2024\tKinh phí\n").encode("cp1258", errors="replace")
    put("windows-1258.txt", cp1258 * 50, Reason.UNSUPPORTED_TYPE)
    put("huge-page.pdf", b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
                         b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
                         b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>> endobj\n"
                         b"trailer <</Root 1 0 R>>\n%%EOF\n", Reason.PAGE_TOO_LARGE)
    secret = canvas.Canvas(str(root / "secret.pdf"), encrypt=pdfencrypt.StandardEncryption("mật khẩu"))
    secret.drawString(72, 720, "Ke hoach")
    secret.save()
    expected["secret.pdf"] = Reason.ENCRYPTED.value
    Image.new("L", (1, 1), 255).save(root / "one-pixel.png")
    expected["one-pixel.png"] = Reason.NOT_A_PLAN.value
    png(root / "bomb.png", 20000, 20000)  # 400 Mpx in 440 KB
    expected["bomb.png"] = Reason.PAGE_TOO_LARGE.value
    png(root / "large.png", 10000, 9000)  # 90 Mpx: over the page limit, under Pillow's own
    expected["large.png"] = Reason.PAGE_TOO_LARGE.value
    tiff = (SAMPLES / "scans" / "synthetic-huyen-2023.tiff").read_bytes()
    damaged = bytearray(tiff)
    damaged[len(tiff) // 2:len(tiff) // 2 + 20000] = b"\x55" * 20000  # inside the second frame's data
    put("damaged-frame.tiff", bytes(damaged), Reason.CORRUPT)
    put("cut.tiff", tiff[:len(tiff) * 2 // 3], Reason.CORRUPT)
    with (root / "big-dump.txt").open("wb") as big:  # over the 32-MiB text-dump limit (sparse: no disk used)
        big.truncate(33 * 2**20)
    expected["big-dump.txt"] = Reason.TOO_LARGE.value
    os.mkfifo(root / "pipe.txt")
    expected["pipe.txt"] = Reason.UNSUPPORTED_TYPE.value
    (root / "dangling.pdf").symlink_to(root / "nowhere.pdf")
    expected["dangling.pdf"] = Reason.NOT_FOUND.value
    return expected


def per_file_outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.name not in REPORTS and not p.name.startswith(("manifest.sqlite", "."))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, ):
    from conftest import SEED

    if not SEED.exists():
        pytest.skip("the seed dump is missing")
    root = tmp_path_factory.mktemp("hostile")
    good = good_files(root / "good", SEED)
    expected = bad_files(root / "bad")
    reference = root / "reference"
    clean = kehoach("extract", root / "good", "-o", reference, "-j", "2")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    out = root / "out"
    # Bad files in folders and by name: the FIFO and the dangling link only by name
    # (a folder's walk takes regular files alone), plus a path and a pattern that match nothing.
    named = [root / "bad" / "pipe.txt", root / "bad" / "dangling.pdf", root / "bad" / "letter.docx",
             root / "missing.pdf", root / "*.nothing"]
    mixed = kehoach("extract", root / "good", root / "bad", *named, "-o", out, "-j", "2")
    expected["missing.pdf"] = Reason.NOT_FOUND.value
    expected["*.nothing"] = Reason.NOT_FOUND.value
    return {"root": root, "good": good, "expected": expected, "reference": reference, "out": out, "run": mixed}


def test_no_traceback_and_exit_1(corpus):
    run = corpus["run"]
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_every_bad_file_has_its_reason_and_a_remedy(corpus):
    errors = json.loads((corpus["out"] / "errors.json").read_text(encoding="utf-8"))
    reasons = {Path(e["file"]).name: e["reason"] for e in errors}
    assert reasons == corpus["expected"]
    for entry in errors:
        assert entry["remedy"] == REMEDIES[Reason(entry["reason"])], entry
        assert entry["message"], entry
    encrypted = next(e for e in errors if e["reason"] == "encrypted")
    assert "qpdf --decrypt" in encrypted["remedy"]


def test_good_files_are_byte_identical_to_a_run_without_the_bad_ones(corpus):
    reference = per_file_outputs(corpus["reference"])
    assert len(reference) == 3 * len(corpus["good"])  # no two inputs share an output name
    assert per_file_outputs(corpus["out"]) == reference


def test_names_never_collide_nor_clash_with_the_reports(corpus):
    out = corpus["out"]
    summary = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert len(summary) == len(corpus["good"]) + len(corpus["expected"])
    outputs = [name.lstrip("'") for row in summary if row["outputs"] for name in row["outputs"].split("; ")]
    assert len(outputs) == len(set(outputs)) == 3 * len(corpus["good"])
    assert not {"summary.csv", "errors.json"} & set(outputs)
    by_input = {Path(r["file"].lstrip("'")).name: r for r in summary}
    assert by_input["plan.pdf"]["outputs"] != by_input["plan.txt"]["outputs"]
    assert "plan-pdf.json" in by_input["plan-pdf.pdf"]["outputs"].split("; ")
    long_json = next(n for n in by_input[f"{LONG_NAME}.txt"]["outputs"].split("; ") if n.endswith(".json"))
    assert len(f"{LONG_NAME}.txt".encode("utf-8")) >= 200 and len(long_json.encode("utf-8")) <= 125
    data = json.loads((out / long_json).read_text(encoding="utf-8"))
    assert data["source"]["file"] == f"{LONG_NAME}.txt"  # the full name is kept in the JSON


def test_summary_is_formula_safe(tmp_path):
    names = ["=1+1.txt", "@SUM(A1).txt", "+x.txt", "-y.txt"]
    for name in names:
        (tmp_path / name).write_text(plan_dump("Họp"), encoding="utf-8")
    done = subprocess.run([*KEHOACH, "extract", "-o", "out", "--format", "json", "--", *names], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    summary = list(csv.DictReader(io.StringIO((tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert [r["file"] for r in summary] == [f"'{name}" for name in names]
    assert all(r["outputs"].startswith("'") for r in summary[:3])


def test_recovered_damage_is_a_warning(corpus):
    summary = {Path(r["file"]).name: r for r in csv.DictReader(io.StringIO(
        (corpus["out"] / "summary.csv").read_text(encoding="utf-8-sig")))}
    assert summary["stray-byte.txt"]["status"] == "ok"
    assert "1 invalid UTF-8 byte(s) replaced" in summary["stray-byte.txt"]["warnings"]
    assert summary["utf16-no-bom.txt"]["status"] == "ok"
    assert "UTF-16" in summary["utf16-no-bom.txt"]["warnings"]
    assert summary["seed.txt"]["warnings"] == ""
    assert "too small to hold text" in summary["one-pixel.png"]["warnings"]


def test_outputs_follow_the_umask(tmp_path):
    dump = tmp_path / "in.txt"
    dump.write_text(plan_dump("Họp giao ban"), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([*KEHOACH, "extract", str(dump), "-o", str(out)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, preexec_fn=lambda: os.umask(0o027))
    assert done.returncode == 0, done.stderr
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir() if not p.name.startswith("manifest")}
    assert modes and set(modes.values()) == {0o640}, modes
