"""Run extract → normalize → writers over many files, one bad file never
stopping the rest."""
from __future__ import annotations

import glob
import logging
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extract import ExtractError, extract_file
from normalize.plan import NormalizeOptions, normalize

from .writers import write_csv, write_json

log = logging.getLogger(__name__)

FORMATS = ("json", "csv")
INPUT_SUFFIXES = {".pdf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass
class BatchOptions:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    repair: bool = True
    jobs: int = 1


@dataclass
class FileOutcome:
    """What happened to one input file (a line of the summary)."""

    path: str
    status: str  # "ok" | "failed"
    stem: str = ""
    method: str = ""
    pages: int | None = None
    tables: int = 0
    rows: int = 0
    budget: str = ""  # "ok", "FAIL", "unconfirmed" or "" when no plan table
    checks_failed: int = 0
    fixes: int = 0
    seconds: float = 0.0
    reason: str = ""
    message: str = ""
    outputs: list[str] = field(default_factory=list)


class UsageError(Exception):
    """The command line names nothing that can be read."""


def collect_inputs(paths: list[str]) -> list[Path]:
    """Files, folders (recursively) and glob patterns, in a stable order."""
    found: list[Path] = []
    for name in paths:
        matches = [Path(p) for p in sorted(glob.glob(name, recursive=True))] if glob.has_magic(name) else [Path(name)]
        if not matches:
            raise UsageError(f"no file matches {name}")
        for path in matches:
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*")
                                    if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                                    and not any(part.startswith(".") for part in p.relative_to(path).parts)))
            elif path.is_file():
                found.append(path)
            else:
                raise UsageError(f"{name}: no such file or folder")
    unique: list[Path] = []
    seen: set[Path] = set()
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def output_stems(paths: list[Path]) -> dict[Path, str]:
    """An output name for every input; inputs sharing a name get a suffix."""
    counts: dict[str, int] = {}
    for path in paths:
        counts[path.stem] = counts.get(path.stem, 0) + 1
    stems: dict[Path, str] = {}
    for path in paths:
        stem = path.stem
        if counts[stem] > 1:
            stem = f"{stem}-{path.suffix.lstrip('.').lower() or 'file'}"
        stems[path] = stem
    return stems


def process_file(path: Path, stem: str, options: BatchOptions) -> FileOutcome:
    """Read, normalize and write one file; errors become a failed outcome."""
    started = time.monotonic()
    outcome = FileOutcome(path=str(path), status="failed", stem=stem)
    try:
        extraction = extract_file(path)
        result = normalize(extraction, NormalizeOptions(repair=options.repair))
        written = []
        if "json" in options.formats:
            target = options.out_dir / f"{stem}.json"
            write_json(target, result)
            written.append(str(target))
        if "csv" in options.formats:
            target = options.out_dir / f"{stem}.csv"
            write_csv(target, result)
            written.append(str(target))
        outcome.status = "ok"
        outcome.outputs = written
        outcome.method = result.source.method
        outcome.pages = result.source.pages
        outcome.tables = len(result.tables)
        outcome.rows = sum(len(t.rows) for t in result.tables)
        outcome.fixes = sum(len(r.fixes) for t in result.tables for r in t.rows)
        checks = [c for t in result.tables for c in t.checks] + result.checks
        outcome.checks_failed = sum(1 for c in checks if not c.ok)
        budget = [c for c in checks if c.check == "budget-total-matches-rows"]
        if budget:
            outcome.budget = "ok" if all(c.ok for c in budget) else (
                "FAIL" if any(c.severity == "error" for c in budget) else "unconfirmed")
    except ExtractError as exc:
        outcome.reason, outcome.message = exc.reason, str(exc)
        log.error("%s: %s", path, exc)
    except Exception as exc:  # one bad file never stops the batch
        outcome.reason = "internal error"
        outcome.message = f"{exc.__class__.__name__}: {exc}"
        log.exception("%s: failed", path)
    outcome.seconds = round(time.monotonic() - started, 2)
    return outcome


def run_batch(paths: list[Path], options: BatchOptions) -> list[FileOutcome]:
    stems = output_stems(paths)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    if options.jobs <= 1 or len(paths) <= 1:
        outcomes = []
        for index, path in enumerate(paths, start=1):
            log.info("[%d/%d] %s", index, len(paths), path)
            outcomes.append(process_file(path, stems[path], options))
        return outcomes
    with ProcessPoolExecutor(max_workers=options.jobs) as pool:
        futures = [pool.submit(process_file, path, stems[path], options) for path in paths]
        outcomes = []
        for index, (path, future) in enumerate(zip(paths, futures), start=1):
            outcomes.append(future.result())
            log.info("[%d/%d] %s", index, len(paths), path)
        return outcomes

