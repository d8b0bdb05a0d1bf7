"""What the review page shows, read back from a batch's output folder.

The page is built only from what the batch already wrote: the per-file JSON
outputs (schema kehoach/1), ``summary.csv``, ``errors.json`` and
``inputs.jsonl`` (one line per input of the last run: its full path, output
name and seconds, written by :func:`write_inputs`). Any of them may be missing
(an older output folder, ``--format csv``): what cannot be read is said on the
page, never guessed.
"""
from __future__ import annotations

import csv
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

INPUTS_NAME = "inputs.jsonl"
SUMMARY_NAME = "summary.csv"
ERRORS_NAME = "errors.json"


@dataclass
class InputRecord:
    """One input of the last run, as the batch knew it."""

    path: str  # absolute path of the input when the batch ran
    stem: str = ""
    sha256: str = ""
    status: str = ""
    seconds: float | None = None
    pages: int | None = None
    skipped: bool = False  # done by an earlier run: no time measured
    json: str | None = None  # the JSON output, relative to the output folder


@dataclass
class RunRecord:
    """The last batch run: its inputs and its wall-clock time."""

    seconds: float | None = None
    inputs: list[InputRecord] = field(default_factory=list)


@dataclass
class FileEntry:
    """One input file on the page."""

    name: str  # the file name as given (untrusted text)
    path: str  # the input path as the batch saw it
    source: Path | None  # where the input can be read now, for crops; None when not found
    status: str = "ok"
    reason: str = ""
    message: str = ""
    remedy: str = ""
    method: str = ""
    pages: int | None = None
    seconds: float | None = None
    skipped: bool = False
    summary: dict[str, str] = field(default_factory=dict)  # its line of summary.csv
    data: dict | None = None  # its JSON output, or None
    note: str = ""  # why ``data`` or ``source`` is missing

    @property
    def failed(self) -> bool:
        return self.status != "ok"


@dataclass
class Batch:
    out_dir: Path
    files: list[FileEntry]
    seconds: float | None = None
    notes: list[str] = field(default_factory=list)


def write_inputs(out_dir: Path, records: list[InputRecord], seconds: float | None) -> Path:
    """``inputs.jsonl``: the run's wall time, then one line per input."""
    from ..writers import write_atomic

    lines = [json.dumps({"batch_seconds": seconds}, ensure_ascii=False)]
    lines += [json.dumps(asdict(r), ensure_ascii=False) for r in records]
    target = out_dir / INPUTS_NAME
    write_atomic(target, ("\n".join(lines) + "\n").encode("utf-8"))
    return target


def read_run(out_dir: Path) -> RunRecord | None:
    target = out_dir / INPUTS_NAME
    if not target.exists():
        return None
    run = RunRecord()
    try:
        for number, line in enumerate(target.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            item = json.loads(line)
            if number == 0 and "batch_seconds" in item:
                run.seconds = item["batch_seconds"]
                continue
            known = {k: item[k] for k in InputRecord.__dataclass_fields__ if k in item}
            run.inputs.append(InputRecord(**known))
    except (OSError, ValueError, TypeError) as exc:
        log.warning("%s: unreadable (%s); the page lists the batch without it", target, exc)
        return None
    return run


def _read_summary(out_dir: Path) -> list[dict[str, str]]:
    target = out_dir / SUMMARY_NAME
    if not target.exists():
        return []
    with target.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _read_errors(out_dir: Path) -> list[dict]:
    target = out_dir / ERRORS_NAME
    if not target.exists():
        return []
    try:
        errors = json.loads(target.read_text(encoding="utf-8"))
    except ValueError:
        return []
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def _unformula(text: str) -> str:
    """summary.csv may guard a cell against spreadsheets with a leading quote."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def _load_json(target: Path) -> tuple[dict | None, str]:
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"{target.name} is missing"
    except (OSError, ValueError) as exc:
        return None, f"{target.name} cannot be read ({exc.__class__.__name__})"
    if not isinstance(data, dict) or data.get("schema") != "kehoach/1":
        return None, f"{target.name} is not a kehoach/1 output"
    return data, ""


def _locate(path: str, out_dir: Path) -> Path | None:
    """The input file now: its recorded path, else relative to the working or output folder."""
    candidate = Path(path)
    for option in ([candidate] if candidate.is_absolute() else
                   [Path.cwd() / candidate, out_dir.parent / candidate, out_dir / candidate]):
        if option.is_file():
            return option
    return None


def read_batch(out_dir: Path) -> Batch:
    """Everything the page needs from ``out_dir``, in the batch's order."""
    out_dir = Path(out_dir)
    run = read_run(out_dir)
    summary = _read_summary(out_dir)
    errors = {_unformula(e.get("file", "")): e for e in _read_errors(out_dir)}
    batch = Batch(out_dir=out_dir, files=[], seconds=run.seconds if run else None)
    if run is None:
        batch.notes.append(f"{INPUTS_NAME} is missing: no timings, and inputs are looked for "
                           "relative to the current folder.")
    records = {r.path: r for r in run.inputs} if run else {}
    by_name: dict[str, InputRecord] = {}
    for record in records.values():
        by_name.setdefault(Path(record.path).name, record)
    rows = summary or [{"file": r.path, "status": r.status} for r in (run.inputs if run else [])]
    for row in rows:
        path = _unformula(row.get("file", ""))
        record = records.get(path) or records.get(str(Path(path).resolve())) or by_name.get(Path(path).name)
        entry = FileEntry(name=Path(path).name, path=path, source=None, summary=row,
                          status=row.get("status", record.status if record else ""),
                          reason=row.get("reason", ""), method=row.get("method", ""))
        pages = row.get("pages", "")
        entry.pages = int(pages) if pages.isdigit() else (record.pages if record else None)
        if record is not None:
            entry.seconds = None if record.skipped else record.seconds
            entry.skipped = record.skipped
        error = errors.get(path) or errors.get(record.path if record else "")
        if error:
            entry.reason = error.get("reason", entry.reason) or entry.reason
            entry.message = error.get("message", "") or ""
            entry.remedy = error.get("remedy", "") or ""
        entry.source = _locate(record.path if record else path, out_dir)
        if entry.source is None:
            entry.note = "the input file is not where the batch read it: no page crops"
        if not entry.failed:
            json_name = record.json if record and record.json else next(
                (name for name in _output_names(row.get("outputs", "")) if name.endswith(".json")), None)
            if json_name is None:
                entry.note = "no JSON output (--format without json): rows and cells not shown"
            else:
                entry.data, problem = _load_json(out_dir / json_name)
                if problem:
                    entry.note = problem
        batch.files.append(entry)
    return batch


def _output_names(text: str) -> list[str]:
    """The output names of a summary.csv line: "; "-separated (older batches: spaces)."""
    return [n.strip() for n in (text.split(";") if ";" in text else text.split()) if n.strip()]
