"""Output names, text-dump damage and the documented vocabulary (fast, no subprocess)."""
from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO
from extract.errors import CorruptFile, ExtractError, UnsupportedFileType
from extract.text_dump import TextDumpSettings, decode_text
from pipeline.failures import ExitCode, Reason, REMEDIES
from pipeline.naming import NamingSettings, RESERVED_STEMS, output_stems

TRICKY = ["in/a/plan.pdf", "in/b/plan.txt", "in/plan-pdf.pdf", "in/Plan.PDF", "in/summary.txt", "in/errors.pdf",
          "in/manifest.txt", "in/plan~0a1b2c3d.pdf", "in/.hidden.pdf", "in/new\nline.txt", "in/=cmd.txt",
          "in/" + "Kế hoạch " + "ữ" * 75 + ".txt", "in/" + unicodedata.normalize("NFD", "Kế hoạch.pdf"),
          "in/" + unicodedata.normalize("NFC", "Kế hoạch.txt"), "in/x/plan.pdf"]


def check_names(paths: list[Path], settings: NamingSettings) -> None:
    stems = output_stems(paths, settings)
    assert set(stems) == set(paths)
    folded = [unicodedata.normalize("NFC", s).casefold() for s in stems.values()]
    assert len(set(folded)) == len(folded), stems  # distinct even on a case-insensitive file system
    for stem in stems.values():
        assert stem.casefold() not in RESERVED_STEMS and not stem.startswith(".")
        assert len(stem.encode("utf-8")) <= settings.max_stem_bytes
        assert "\n" not in stem and "/" not in stem


def test_no_two_inputs_ever_share_an_output_name():
    settings = NamingSettings()
    paths = [Path(p) for p in TRICKY]
    for size in (1, 2, 3):
        for combination in itertools.combinations(paths, size):
            check_names(list(combination), settings)
    check_names(paths, settings)


def test_names_are_stable_and_plain_when_safe():
    paths = [Path("in/a/plan.pdf"), Path("in/b/plan.txt"), Path("in/report-2024.pdf")]
    first, again = output_stems(paths), output_stems(list(reversed(paths)))
    assert first == again
    assert first[Path("in/report-2024.pdf")] == "report-2024"
    assert first[Path("in/a/plan.pdf")].startswith("plan~") and first[Path("in/b/plan.txt")].startswith("plan~")
    assert output_stems([Path("in/summary.txt")])[Path("in/summary.txt")] != "summary"


def test_a_hash_clash_is_resolved_by_a_longer_hash():
    paths = [Path(f"in/{i}/plan.pdf") for i in range(300)]
    check_names(paths, NamingSettings(hash_digits=1))  # one hex digit: 16 values for 300 names


def test_a_stray_byte_is_replaced_and_reported():
    data = "TT\tNhiệm vụ\n1\tHọp\n".encode("utf-8")
    text, warnings = decode_text(data[:5] + b"\xff" + data[5:], "x.txt")
    assert "\ufffd" in text and warnings == ["1 invalid UTF-8 byte(s) replaced by U+FFFD (first at byte 5, line 1)"]
    assert decode_text(data, "x.txt") == (data.decode("utf-8"), [])


def test_the_reason_does_not_depend_on_the_length():
    bad = "Kế hoạch năm 2024\n".encode("utf-8").replace(b"\xe1\xba\xbf", b"\xea") * 400  # an 8-bit "ê"
    for data in (bad, bad + b"x"):
        with pytest.raises(UnsupportedFileType, match="iconv"):
            decode_text(data, "x.txt", TextDumpSettings())


def test_utf16_without_bom_is_read_and_binary_is_refused():
    text = "TT\tNhiệm vụ\n1\tHọp\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded, warnings = decode_text(text.encode(encoding), "x.txt")
        assert decoded == text and "without a byte-order mark" in warnings[0]
    with pytest.raises(CorruptFile, match="binary"):
        decode_text(b"\x00\x01\x02\x03" * 100, "x.txt")


def test_every_extract_error_has_a_documented_reason():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for cls in [ExtractError, *subclasses(ExtractError)]:
        assert Reason(cls.reason) in REMEDIES, cls


def _check_ids() -> set[str]:
    """Every check id the code can emit, read from normalize/'s source."""
    ids: set[str] = set()
    for source in (REPO / "normalize").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        ids |= set(re.findall(r'Check\(\s*"([a-z][a-z0-9-]+)"', text))
        ids |= set(re.findall(r'_CHECK\s*=\s*"([a-z][a-z0-9-]+)"', text))
        ids |= set(re.findall(r'"check":\s*"([a-z][a-z0-9-]+)"', text))
    return ids


def test_readme_lists_every_reason_exit_code_and_check():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Limits and failure modes"):]
    for reason in Reason:
        assert f"`{reason.value}`" in section, reason
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", readme, re.M), code
    ids = _check_ids()
    assert len(ids) >= 10, ids
    missing = sorted(i for i in ids if f"`{i}`" not in readme)
    assert not missing, f"checks missing from the README: {missing}"
