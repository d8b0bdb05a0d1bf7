"""Never confidently wrong: words changed on born-digital pages, tables classified.

Reads every PDF of samples/ (born-digital text layers) and of ../shared/realdocs/
as the batch does (extract + normalize) and prints, per file:

- the pages read from a born-digital text layer and the words kehoach changed
  on them: fixes other than conversions (Unicode, look-alike letters, markup),
  and output words that are not among the words pdfplumber read (both must be 0);
- the tables classified as plan tables and as other tables, against what
  ../shared/realdocs/README.md says each real document holds.

Run: .venv/bin/python bench/trust.py [--no-scans]
"""
from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import extract_file  # noqa: E402
from normalize.legacy import page_text_decoder  # noqa: E402
from normalize.plan import normalize  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs"
CONVERSION_RULES = {"lookalike-letter", "stray-combining-mark", "conversion-noise"}
#: (plan tables, other tables at least) that ../shared/realdocs/README.md asks for.
EXPECTED = {
    "dongthap_kh362_sgddt_stem_2026.pdf": ("0-1", 1),
    "dongthap_qd337_sgddt_thanghang_2025.pdf": ("0", 1),
    "lamdong_pl01_chamdiem_cchc_songanh_2025.pdf": ("0", 1),
    "lamdong_tt666_gopy_kh_cchc_2026.pdf": ("0", 1),
    "huit_kh753_khaosat_2026_scan.pdf": ("1", 0),
}


def _words(text: str) -> set[str]:
    return set(regex.findall(r"[\p{L}\p{M}\p{N}]+", unicodedata.normalize("NFC", text)))


def _output_words(result) -> set[str]:
    out: set[str] = set()
    for table in result.tables:
        for row in table.rows:
            for text in (row.task, row.section_title, row.item, row.period.text, row.budget_text,
                         *row.products, *row.lead_units, *row.partner_units, *row.extra.values()):
                out |= _words(text)
    for table in getattr(result, "other_tables", []):
        for row in table.rows:
            for cell in row:
                out |= _words(cell.text)
    return out


def measure(path: Path) -> dict:
    started = time.monotonic()
    extraction = extract_file(path, decode_page=page_text_decoder)
    result = normalize(extraction)
    typed_pages = sorted(n for n, m in extraction.page_methods.items() if m == "text-layer")
    typed = [c for t in extraction.tables for r in t.rows for c in r.cells if c.origin == "text-layer"]
    read_words = {w for c in typed for w in _words(c.text)}
    read_words |= {w for line in extraction.lines if line.origin == "text-layer" for w in _words(line.text)}
    recorded = [f for t in result.tables for r in t.rows for f in r.fixes
                if f.rule not in CONVERSION_RULES
                and r.cells.get(f.field) is not None and r.cells[f.field].origin == "text-layer"]
    unrecorded = sorted(_output_words(result) - read_words) if typed and not any(
        c.origin != "text-layer" for t in extraction.tables for r in t.rows for c in r.cells) else []
    return {"file": path.name, "pages": extraction.pages, "typed_pages": len(typed_pages),
            "fixes_on_typed": len(recorded), "words_not_printed": unrecorded,
            "plan": len(result.tables), "other": len(getattr(result, "other_tables", [])),
            "seconds": time.monotonic() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-scans", action="store_true", help="skip the real scan (OCR, ~10 s)")
    args = parser.parse_args()
    files = sorted((ROOT / "samples").glob("*.pdf"))
    if REALDOCS.is_dir():
        files += sorted(p for p in REALDOCS.glob("*.pdf") if not (args.no_scans and "scan" in p.name))
    print(f"{'file':46} {'pages':>5} {'typed':>5} {'changed':>7} {'plan':>4} {'other':>5}  expected  seconds")
    total_changed = 0
    mismatches = 0
    for path in files:
        m = measure(path)
        changed = m["fixes_on_typed"] + len(m["words_not_printed"])
        total_changed += changed if m["typed_pages"] else 0
        expected = EXPECTED.get(m["file"])
        verdict = ""
        if expected:
            plans_ok = str(m["plan"]) in expected[0].split("-") or (
                "-" in expected[0] and int(expected[0].split("-")[0]) <= m["plan"] <= int(expected[0].split("-")[1]))
            ok = plans_ok and m["other"] >= expected[1]
            mismatches += not ok
            verdict = f"{expected[0]}/{expected[1]}+ {'ok' if ok else 'WRONG'}"
        print(f"{m['file'][:46]:46} {m['pages']:>5} {m['typed_pages']:>5} {changed:>7} {m['plan']:>4} "
              f"{m['other']:>5}  {verdict:9} {m['seconds']:6.1f}")
        if m["words_not_printed"]:
            print(f"    words not printed: {', '.join(m['words_not_printed'][:12])}")
    print(f"\nwords changed on born-digital pages: {total_changed} (goal 0)")
    print(f"real documents classified as their README says: {len(EXPECTED) - mismatches} of {len(EXPECTED)}")
    return 0 if total_changed == 0 and mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
