"""Run extract → normalize → writers over many files, unattended.

- One bad file never stops the rest: each file runs in its own worker process
  with a time limit; a failure becomes a line in the summary and in
  ``errors.json``.
- Resumable and idempotent: the manifest (see manifest.py) records a file as
  done once all its outputs are in place; a re-run skips it. Outputs are
  written to temporary names and renamed, and contain nothing that changes
  from run to run, so a run killed at any moment and started again ends with
  the same bytes as an uninterrupted run.
"""
from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import logging
import multiprocessing
import os
import signal
import time
from dataclasses import asdict, dataclass, field, fields
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from extract import ExtractError, extract_file
from normalize.legacy import page_text_decoder
from normalize.links import check_counts, link_citations
from normalize.model import SCHEMA_ID
from normalize.plan import NormalizeOptions, normalize

from .failures import Reason, remedy
from .json_load import result_from_json
from .manifest import Manifest
from .naming import NamingSettings, output_stems, printable
from .workers import Worker, WorkerSignals, remove_orphaned_temp_dirs, remove_partial_writes
from .writers import RENDERERS, spreadsheet_safe, write_atomic, write_json, write_xlsx

if TYPE_CHECKING:
    from extract.page_pool import PageMap

log = logging.getLogger(__name__)

FORMATS = ("csv", "json", "xlsx")
INPUT_SUFFIXES = {".pdf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
ERRORS_NAME = "errors.json"
SUMMARY_NAME = "summary.csv"
PIPELINE_VERSION = "0.2.0"


@dataclass
class BatchOptions:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    repair: bool = True
    #: Files (and, for a single file, pages) processed at once.
    jobs: int = 1
    #: Seconds one file may take before it is stopped and reported as timed out.
    timeout: float = 600.0
    #: Ignore the manifest and do every file again.
    force: bool = False
    #: Write the review page OUT/report.html at the end (``--no-report`` skips it).
    report: bool = True
    #: Largest input file, in bytes (default 512 MiB): a larger one is refused as
    #: "too large" before it is read. Reading holds a file in memory; a 500-page
    #: scan at 300 dpi is about 100-250 MB.
    max_input_bytes: int = 512 * 1024 * 1024
    naming: NamingSettings = field(default_factory=NamingSettings)

    def version(self) -> str:
        """What makes an earlier output reusable: same code, schema and options."""
        return f"{PIPELINE_VERSION}|{SCHEMA_ID}|repair={self.repair}|formats={','.join(sorted(self.formats))}"


@dataclass
class FileOutcome:
    """What happened to one input file (a line of the summary)."""

    path: str
    status: str  # "ok" | "failed"
    stem: str = ""
    sha256: str = ""
    method: str = ""
    pages: int | None = None
    tables: int = 0  # plan tables
    other_tables: int = 0  # tables that are not plans (kept as read)
    rows: int = 0
    stated_million_vnd: float | None = None
    rows_sum_million_vnd: float | None = None
    budget: str = ""  # "ok", "FAIL", "unconfirmed", "no total" (amounts but no stated total) or "" when no plan table
    checks_passed: int = 0
    checks_failed: int = 0
    fixes: int = 0
    seconds: float = 0.0
    reason: str = ""
    message: str = ""
    skipped: bool = False  # done by an earlier run
    outputs: list[str] = field(default_factory=list)
    #: What was recovered from (a stray invalid byte replaced …): the file was read.
    warnings: list[str] = field(default_factory=list)


class UsageError(Exception):
    """The command line cannot be run: nothing to read, an output folder that cannot be written."""


def prepare_output_dir(out_dir: Path) -> None:
    """Create the output folder and make sure a file can be written there (else UsageError)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".kehoach-write-test-{os.getpid()}.part"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {out_dir}: {exc.strerror or exc}") from exc


def collect_inputs(names: list[str]) -> tuple[list[Path], list[FileOutcome]]:
    """Files, folders (recursively) and glob patterns, in a stable order.

    A name that matches nothing readable is not the end of the batch: it comes
    back as a failed outcome (listed in the summary and errors.json).
    """
    found: list[Path] = []
    failed: list[FileOutcome] = []

    def fail(name: str, reason: Reason, message: str) -> None:
        failed.append(FileOutcome(path=name, status="failed", reason=reason.value, message=message))

    for name in names:
        matches = [Path(p) for p in sorted(glob.glob(name, recursive=True))] if glob.has_magic(name) else [Path(name)]
        if not matches:
            fail(name, Reason.NOT_FOUND, f"{name}: no file matches this pattern")
        for path in matches:
            try:
                if path.is_dir():
                    found.extend(sorted(p for p in path.rglob("*")
                                        if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                                        and not any(part.startswith(".") for part in p.relative_to(path).parts)))
                elif path.is_file():
                    found.append(path)
                elif path.exists():
                    fail(str(path), Reason.UNSUPPORTED_TYPE,
                         f"{path}: not a regular file (a device, pipe or socket)")
                else:
                    fail(str(path), Reason.NOT_FOUND, f"{path}: no such file or folder")
            except OSError as exc:
                fail(str(path), Reason.UNREADABLE, f"{path}: {exc.strerror or exc}")
    unique: list[Path] = []
    seen: set[Path] = set()
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique, failed


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _output_paths(out_dir: Path, stem: str, formats: tuple[str, ...]) -> list[Path]:
    return [out_dir / f"{stem}.{fmt}" for fmt in FORMATS if fmt in formats]


@dataclass
class RenderedFile:
    """One file read and normalized, its outputs rendered in memory but not yet written.

    ``outputs`` maps each format to the file's bytes (in FORMATS order); a failed
    file has none. What a cluster worker sends back to the client, which writes it.
    """

    outcome: FileOutcome
    outputs: dict[str, bytes] = field(default_factory=dict)


def render_file(path: Path, stem: str, options: BatchOptions, page_jobs: int = 1,
                on_page: Callable[[int, int], None] | None = None, page_map: "PageMap | None" = None,
                shown_path: str | None = None) -> RenderedFile:
    """Read and normalize one file and render its outputs to bytes; errors become a failed
    outcome (never a traceback). ``on_page`` is told (pages read, pages in the file) as each
    page is read; ``page_map`` runs the OCR of its pages (extract/page_pool.py, default: a
    local process pool of ``page_jobs``); ``shown_path`` is the name the outputs hold
    (default: ``path`` as given)."""
    started = time.monotonic()
    shown = str(path) if shown_path is None else shown_path
    outcome = FileOutcome(path=shown, status="failed", stem=stem)
    rendered = RenderedFile(outcome)
    try:
        extraction = extract_file(path, jobs=page_jobs, decode_page=page_text_decoder, on_page=on_page,
                                  page_map=page_map)
        extraction.path = printable(shown)  # the name as the outputs can hold it
        outcome.sha256 = extraction.sha256
        outcome.warnings = list(extraction.warnings)
        result = normalize(extraction, NormalizeOptions(repair=options.repair))
        # A file with only other tables (a staff list, a scoring guide) is read, not failed.
        if not result.tables and not result.documents and not result.lists and not result.other_tables:
            outcome.reason = Reason.NOT_A_PLAN.value
            outcome.message = f"{path.name}: no table, official document or list was found"
            outcome.seconds = round(time.monotonic() - started, 2)
            return rendered
        rendered.outputs = {fmt: RENDERERS[fmt](result) for fmt in FORMATS if fmt in options.formats}
        outcome.status = "ok"
        outcome.method = result.source.method
        outcome.pages = result.source.pages
        outcome.tables = len(result.tables)
        outcome.other_tables = len(result.other_tables)
        outcome.rows = sum(len(t.rows) for t in result.tables)
        outcome.fixes = sum(len(r.fixes) for t in result.tables for r in t.rows)
        checks = [c for t in result.tables for c in t.checks] + result.checks
        outcome.checks_passed, outcome.checks_failed = check_counts(result)
        stated = [t.total.stated_million_vnd for t in result.tables if t.total.stated_million_vnd is not None]
        summed = [t.total.rows_sum_million_vnd for t in result.tables if t.total.rows_sum_million_vnd is not None]
        outcome.stated_million_vnd = float(sum(stated)) if stated else None
        outcome.rows_sum_million_vnd = float(sum(summed)) if summed else None
        budget = [c for c in checks if c.check == "budget-total-matches-rows"]
        if budget:
            outcome.budget = "ok" if all(c.ok for c in budget) else (
                "FAIL" if any(c.severity == "error" for c in budget) else "unconfirmed")
        elif any(c.check == "budget-total-stated" and not c.ok for c in checks):
            outcome.budget = "no total"
    except ExtractError as exc:
        outcome.reason = exc.reason
        outcome.message = str(exc) if str(exc).startswith(path.name) else f"{path.name}: {exc}"
        log.info("%s: %s", path, exc)
    except MemoryError:
        outcome.reason = Reason.OUT_OF_MEMORY.value
        outcome.message = f"{path.name}: ran out of memory"
    except OSError as exc:  # the input vanished or became unreadable while being read
        outcome.reason = Reason.UNREADABLE.value
        outcome.message = f"{path.name}: {exc.strerror or exc}"
    except Exception as exc:  # one bad file never stops the batch
        outcome.reason = Reason.INTERNAL_ERROR.value
        outcome.message = f"{path.name}: {exc.__class__.__name__}: {exc}"
        log.debug("%s: failed", path, exc_info=True)  # the traceback with -v only
    if outcome.status != "ok":
        rendered.outputs = {}
    outcome.seconds = round(time.monotonic() - started, 2)
    return rendered


def write_rendered(rendered: RenderedFile, out_dir: Path) -> FileOutcome:
    """Write a rendered file's outputs atomically into ``out_dir``; the outcome, with
    the outputs' paths, or failed ("cannot write") when one cannot be written."""
    outcome = rendered.outcome
    started = time.monotonic()
    try:
        for fmt, data in rendered.outputs.items():
            target = out_dir / f"{outcome.stem}.{fmt}"
            write_atomic(target, data)
            outcome.outputs.append(str(target))
    except OSError as exc:
        return FileOutcome(path=outcome.path, status="failed", stem=outcome.stem, sha256=outcome.sha256,
                           warnings=outcome.warnings, reason=Reason.CANNOT_WRITE.value,
                           seconds=round(outcome.seconds + time.monotonic() - started, 2),
                           message=f"{Path(outcome.path).name}: cannot write {exc.filename or out_dir}: "
                                   f"{exc.strerror or exc}")
    outcome.seconds = round(outcome.seconds + time.monotonic() - started, 2)
    return outcome


def process_file(path: Path, stem: str, options: BatchOptions, page_jobs: int = 1,
                 on_page: Callable[[int, int], None] | None = None) -> FileOutcome:
    """Read, normalize and write one file; errors become a failed outcome (never a traceback).
    ``on_page`` is told (pages read, pages in the file) as each page is read."""
    return write_rendered(render_file(path, stem, options, page_jobs, on_page), options.out_dir)


def _worker(connection, path: Path, stem: str, options: BatchOptions, page_jobs: int) -> None:
    def page_read(done: int, total: int) -> None:  # a progress message; the outcome comes last
        connection.send({PAGE_MESSAGE: done, "total": total})

    try:
        outcome = process_file(path, stem, options, page_jobs, on_page=page_read)
    except BaseException as exc:  # report, never hang the parent
        outcome = FileOutcome(path=str(path), status="failed", stem=stem, reason=Reason.INTERNAL_ERROR.value,
                              message=f"{exc.__class__.__name__}: {exc}")
    connection.send(asdict(outcome))
    connection.close()


#: The key of a worker's page progress message (any other message is its outcome).
PAGE_MESSAGE = "pages_read"


@dataclass
class _Running:
    path: Path
    stem: str
    sha256: str
    worker: Worker
    connection: object
    deadline: float


def _died(item: _Running) -> FileOutcome:
    code = item.worker.process.exitcode
    if code is not None and code < 0:
        how = f"was killed by signal {-code}" + (
            " (often the system running out of memory)" if -code == signal.SIGKILL else "")
    else:
        how = f"stopped without an answer (exit code {code})"
    return FileOutcome(path=str(item.path), status="failed", stem=item.stem, reason=Reason.CRASHED.value,
                       message=f"{item.path.name}: the worker {how}")


class BatchRunner:
    """Runs a batch; ``on_file`` is told of every finished (or skipped) file, ``on_page``
    (path, pages read, pages in the file) of every page read."""

    def __init__(self, options: BatchOptions, on_file: Callable[[FileOutcome], None] | None = None,
                 on_page: Callable[[str, int, int], None] | None = None):
        self.options = options
        self.on_file = on_file or (lambda outcome: None)
        self.on_page = on_page or (lambda path, done, total: None)

    def _report(self, outcome: FileOutcome) -> None:
        """Tell ``on_file``, with the path as text that can be printed and written (never bytes that are not UTF-8)."""
        outcome.path = printable(outcome.path)
        self.on_file(outcome)

    def run(self, paths: list[Path], failed: list[FileOutcome] | None = None) -> list[FileOutcome]:
        """Read every path; ``failed`` are inputs already known bad (reported in the same way).

        Raises :class:`~pipeline.workers.BatchInterrupted` on SIGTERM/SIGINT, after
        every worker (and all it started) has ended and its temporary files are gone.
        """
        with WorkerSignals() as signals:
            return self._run(paths, list(failed or []), signals)

    def _run(self, paths: list[Path], failed: list[FileOutcome], signals: WorkerSignals) -> list[FileOutcome]:
        options = self.options
        started = time.monotonic()
        prepare_output_dir(options.out_dir)
        remove_partial_writes(options.out_dir)  # left by a run that was killed mid-write
        remove_orphaned_temp_dirs()
        manifest = Manifest(options.out_dir)
        version = options.version()
        stems = output_stems(paths, options.naming)
        outcomes: dict[Path, FileOutcome] = {}
        for outcome in failed:
            self._report(outcome)
        queue: list[tuple[Path, str]] = []
        for path in paths:
            signals.check()
            try:
                size = path.stat().st_size
                if size > options.max_input_bytes:
                    outcomes[path] = FileOutcome(
                        path=str(path), status="failed", stem=stems[path], reason=Reason.TOO_LARGE.value,
                        message=f"{path.name}: {size / 2**20:.0f} MiB, over the limit of "
                                f"{options.max_input_bytes / 2**20:.0f} MiB")
                    self._report(outcomes[path])
                    continue
                sha256 = file_sha256(path)
            except OSError as exc:
                outcomes[path] = FileOutcome(path=str(path), status="failed", stem=stems[path],
                                             reason=Reason.UNREADABLE.value,
                                             message=f"{path}: {exc.strerror or exc}")
                self._report(outcomes[path])
                continue
            earlier = None if options.force else manifest.done(sha256, version, stems[path])
            if earlier and all(p.exists() for p in _output_paths(options.out_dir, stems[path], options.formats)):
                known = {f.name for f in fields(FileOutcome)}  # a manifest from another version
                outcome = FileOutcome(**{**{k: v for k, v in earlier.items() if k in known},
                                         "path": str(path), "skipped": True})
                outcomes[path] = outcome
                self._report(outcome)
            else:
                queue.append((path, sha256))

        def done(path: Path, sha256: str, outcome: FileOutcome) -> None:
            """A file finished: recorded in the manifest (when read) and reported."""
            outcome.sha256 = outcome.sha256 or sha256
            outcome.path = printable(outcome.path)
            if outcome.status == "ok":
                record = asdict(outcome)
                record.pop("seconds")
                manifest.record(sha256, version, stems[path], outcome.path, "ok", record)
            outcomes[path] = outcome
            self._report(outcome)

        self._execute(queue, stems, signals, done)
        signals.check()
        ordered = failed + [outcomes[p] for p in paths]
        if "json" in options.formats:
            link_outputs(options.out_dir, ordered, options.formats)
        write_batch_reports(options.out_dir, ordered)
        record_run(options.out_dir, ordered, round(time.monotonic() - started, 2), options.report)
        return ordered

    def _execute(self, queue: list[tuple[Path, str]], stems: dict[Path, str], signals: WorkerSignals,
                 done: Callable[[Path, str, FileOutcome], None]) -> None:
        """Read the queued (path, sha256) files, telling ``done`` of each as it ends: here in
        local worker processes (pipeline/cluster.py's runner sends them to a Dask cluster)."""
        options = self.options
        workers = max(1, min(options.jobs, len(queue)))
        page_jobs = max(1, options.jobs // workers)
        running: list[_Running] = []
        try:
            while queue or running:
                signals.check()
                while queue and len(running) < workers:
                    path, sha256 = queue.pop(0)
                    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
                    worker = Worker.start(_worker, (send, path, stems[path], options, page_jobs),
                                          name=f"kehoach:{path.name}")
                    send.close()
                    running.append(_Running(path, stems[path], sha256, worker, receive,
                                            time.monotonic() + options.timeout))
                    self.on_page(printable(str(path)), 0, 0)  # started: no page read yet, the page count not known
                ready = wait([r.connection for r in running], timeout=0.2)
                now = time.monotonic()
                for item in list(running):
                    outcome = None
                    if item.connection in ready:
                        try:
                            message = item.connection.recv()
                            if PAGE_MESSAGE in message:
                                self.on_page(printable(str(item.path)), message[PAGE_MESSAGE], message["total"])
                                continue
                            outcome = FileOutcome(**message)
                        except EOFError:  # the worker died without a word (killed, crashed)
                            item.worker.finish()
                            outcome = _died(item)
                    elif now > item.deadline:
                        item.worker.stop()
                        remove_partial_writes(options.out_dir, item.stem)
                        outcome = FileOutcome(path=str(item.path), status="failed", stem=item.stem,
                                              reason=Reason.TIMED_OUT.value, seconds=round(options.timeout, 2),
                                              message=f"{item.path.name}: stopped after {options.timeout:g} s")
                    if outcome is None:
                        continue
                    item.worker.finish()
                    item.connection.close()
                    running.remove(item)
                    done(item.path, item.sha256, outcome)
        finally:
            for item in running:  # interrupted (or failing): leave nothing behind
                item.worker.stop()
                item.connection.close()
                remove_partial_writes(options.out_dir, item.stem)


def record_run(out_dir: Path, outcomes: list[FileOutcome], seconds: float, report: bool) -> None:
    """inputs.jsonl (full paths and timings, for the review page), then OUT/report.html."""
    from .report import InputRecord, write_inputs, write_report

    records = [InputRecord(path=str(Path(o.path).resolve()), stem=o.stem, sha256=o.sha256, status=o.status,
                           seconds=o.seconds, pages=o.pages, skipped=o.skipped,
                           json=next((os.path.relpath(p, out_dir) for p in o.outputs if p.endswith(".json")), None))
               for o in outcomes]
    write_inputs(out_dir, records, seconds)
    if report:
        try:
            write_report(out_dir)
        except Exception:  # the batch's outputs are written; the page is only a view of them
            log.exception("%s: the review page could not be written (kehoach review rebuilds it)", out_dir)


def link_outputs(out_dir: Path, outcomes: list[FileOutcome], formats: tuple[str, ...] = ("json",)) -> None:
    """Point citations at the cited documents found in this batch's outputs, rewrite the
    outputs that changed (JSON, and the XLSX whose checks sheet shows the new checks) and
    recount every outcome's checks, so summary.csv and --strict see the batch checks."""
    results = {}
    for outcome in outcomes:
        target = out_dir / f"{outcome.stem}.json"
        if outcome.status == "ok" and target.exists():
            results[outcome.stem] = result_from_json(json.loads(target.read_text(encoding="utf-8")))
    for stem in link_citations(results):
        write_json(out_dir / f"{stem}.json", results[stem])
        if "xlsx" in formats:
            write_xlsx(out_dir / f"{stem}.xlsx", results[stem])
    for outcome in outcomes:
        if outcome.stem in results:
            outcome.checks_passed, outcome.checks_failed = check_counts(results[outcome.stem])


SUMMARY_COLUMNS = ["file", "status", "reason", "method", "pages", "tables", "other_tables", "rows",
                   "stated_million_vnd", "rows_sum_million_vnd", "budget", "checks_passed",
                   "checks_failed", "fixes", "outputs", "warnings"]


def write_batch_reports(out_dir: Path, outcomes: list[FileOutcome]) -> None:
    """summary.csv (one line per input) and errors.json (the failed ones)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for o in outcomes:
        _safe_row(writer, {
            "file": printable(o.path), "status": o.status, "reason": o.reason, "method": o.method,
            "pages": "" if o.pages is None else o.pages, "tables": o.tables,
            "other_tables": o.other_tables, "rows": o.rows,
            "stated_million_vnd": _plain(o.stated_million_vnd),
            "rows_sum_million_vnd": _plain(o.rows_sum_million_vnd), "budget": o.budget,
            "checks_passed": o.checks_passed, "checks_failed": o.checks_failed, "fixes": o.fixes,
            "outputs": "; ".join(Path(p).name for p in o.outputs), "warnings": "; ".join(o.warnings)})
    write_atomic(out_dir / SUMMARY_NAME, b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    errors = [{"file": printable(o.path), "sha256": o.sha256 or None, "reason": o.reason,
               "message": printable(o.message),
               "remedy": remedy(o.reason)}
              for o in outcomes if o.status != "ok"]
    write_atomic(out_dir / ERRORS_NAME,
                 (json.dumps(errors, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _safe_row(writer: csv.DictWriter, row: dict) -> None:
    """A summary line whose texts (file names!) a spreadsheet can never run as formulas."""
    writer.writerow({k: spreadsheet_safe(v) if k in _TEXT_COLUMNS else v for k, v in row.items()})


_TEXT_COLUMNS = frozenset({"file", "reason", "method", "outputs", "warnings"})


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)
