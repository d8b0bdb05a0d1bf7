"""The ``kehoach`` command line."""
from __future__ import annotations

import argparse
import json
import logging
import math
import os
import signal
import sys
from importlib import resources
from pathlib import Path

from normalize.model import kehoach_version

from .batch import FORMATS, BatchOptions, BatchRunner, FileOutcome, UsageError, collect_inputs
from .cluster import SCHEDULER_ENV, ClusterLost, ClusterRunner, ClusterSettings
from .failures import ExitCode, exit_codes_help, remedy
from .progress import Progress
from .workers import BatchInterrupted

DESCRIPTION = """\
kehoach reads Vietnamese plan documents (kế hoạch) — text-layer PDFs, scans and
OCR text dumps — and writes their plan tables as checked, structured data:
JSON (schema kehoach/1) for systems and CSV (UTF-8 with BOM) for spreadsheets.
"""

EPILOG = f"""\
exit codes:
{exit_codes_help()}
examples:
  kehoach extract samples/ -o output/
  kehoach extract ../shared/seed/dak-nong-cchc-2019.ocr.txt
  kehoach schema > kehoach-1.schema.json
  kehoach fix-text scan.txt > repaired.txt
  kehoach review output/              # rebuild output/report.html
"""


def _verbosity() -> argparse.ArgumentParser:
    """-v and -q, accepted before or after the command (SUPPRESS: a later parser keeps an earlier value)."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                       help="log every step (with each line's level and source)")
    group.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help="no progress and no summary table: only problems (and the exit code)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _verbosity()
    parser = _Parser(prog="kehoach", description=DESCRIPTION, epilog=EPILOG, parents=[common],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {kehoach_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    extract = commands.add_parser(
        "extract", help="read files and write JSON/CSV for each",
        description="Read PDFs, images and OCR text dumps and write, for each input, "
                    "OUT/<name>.json, OUT/<name>.csv and OUT/<name>.xlsx, plus OUT/summary.csv "
                    "(one line per input) and OUT/errors.json (the files that failed). "
                    "A re-run skips the files already done (OUT/manifest.sqlite).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
    extract.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (read recursively) or glob patterns")
    extract.add_argument("-o", "--output", default="output", metavar="DIR", help="where to write (default: output)")
    extract.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                         help="processes to use (default: all cores): files read side by side, and the "
                              "pages of a file shared among what is left (-j 2 on one scan: two pages at a time)")
    extract.add_argument("--format", default=",".join(FORMATS), metavar="LIST",
                         help=f"comma-separated output formats among {', '.join(FORMATS)} (default: all)")
    extract.add_argument("--no-fix", action="store_true", help="do not repair OCR errors in the text")
    extract.add_argument("--timeout", type=_positive, default=600, metavar="SECONDS",
                         help="stop a file that takes longer and report it (default: 600)")
    extract.add_argument("--max-size", type=_positive, default=BatchOptions.max_input_bytes // 2**20,
                         metavar="MIB", help="refuse input files larger than this, in MiB (default: "
                                             f"{BatchOptions.max_input_bytes // 2**20})")
    extract.add_argument("--strict", action="store_true",
                         help="exit with 3 when any check fails (a total that does not reconcile …)")
    extract.add_argument("--force", action="store_true", help="redo files that an earlier run finished")
    extract.add_argument("--no-report", action="store_true", help="do not write the review page OUT/report.html")
    extract.add_argument("--scheduler", default=os.environ.get(SCHEDULER_ENV) or None, metavar="ADDRESS",
                         help="send the files (and the pages of scans) to the Dask cluster of this scheduler, "
                              f"e.g. tcp://10.0.0.5:8786 (default: ${SCHEDULER_ENV}; without it the files "
                              "are read here, -j at a time). The workers need kehoach and Tesseract and must "
                              "see the input files at the same paths; this command writes every output and "
                              "the manifest. See README.md, \"Running on a cluster\".")
    review = commands.add_parser(
        "review", help="rebuild the review page OUT/report.html from a batch's outputs",
        description="Write OUT/report.html, one self-contained page (open it in any browser, offline): the "
                    "batch at a glance, the failed checks and files, and every doubtful cell beside a crop of "
                    "its page. Built from the outputs already in OUT; the batch writes it too.", parents=[common])
    review.add_argument("output", metavar="OUT", help="a batch's output folder")
    commands.add_parser("schema", help="print the JSON Schema of the output (kehoach/1)", parents=[common])
    fix = commands.add_parser(
        "fix-text", help="repair the OCR errors in a text and print it",
        description="Repair OCR errors (tone marks, look-alike letters, conversion noise) in a text, "
                    "line for line, and print the repaired text. Tab-separated cells are repaired "
                    "one by one and the tabs kept.", parents=[common])
    fix.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for standard input")
    fix.add_argument("--json", action="store_true",
                     help="print the fixes as JSON (line, field, from, to, rule) instead of the text")
    return parser


def configure_logging(verbose: bool, quiet: bool) -> None:
    """Default: kehoach's own lines (a file read …) as plain text, problems as "warning: …";
    -v: every step of every module, each line with its level; -q: problems only."""
    handler = logging.StreamHandler(sys.stderr)
    if verbose:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(_PlainFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("kehoach").setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    logging.getLogger("pdfminer").setLevel(logging.WARNING)  # its INFO lines are about PDF syntax, not the plan


def configure_dask_logging(verbose: bool) -> None:
    """Dask's own lines (its reconnects, its tracebacks) with -v only: without it, kehoach says in
    one line what a lost cluster means. Done after distributed's import, which sets its loggers."""
    import distributed  # noqa: F401

    names = [n for n in logging.root.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]
    for name in names:
        logging.getLogger(name).setLevel(logging.NOTSET)
    logging.getLogger("distributed").setLevel(logging.WARNING if verbose else logging.CRITICAL)


class _PlainFormatter(logging.Formatter):
    """An INFO line as it is; a warning or an error named so ("warning: …")."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text if record.levelno < logging.WARNING else f"{record.levelname.lower()}: {text}"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (and exit 2), not the whole usage text."""

    def error(self, message: str):
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> float:
    """A positive, finite number (``nan`` and ``inf`` would switch a limit off)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive, finite number: {text!r}")
    return value


def schema_text() -> str:
    return resources.files("pipeline").joinpath("schema/kehoach-1.schema.json").read_text(encoding="utf-8")


def print_summary(outcomes: list[FileOutcome], stream) -> None:
    headers = ["file", "status", "method", "pages", "tables", "rows", "budget", "failed checks", "fixes", "seconds"]
    lines = [[Path(o.path).name,
              ("done earlier" if o.skipped else o.status) if o.status == "ok" else f"FAILED ({o.reason})",
              o.method,
              "" if o.pages is None else str(o.pages), str(o.tables), str(o.rows), o.budget,
              str(o.checks_failed), str(o.fixes), f"{o.seconds:.1f}"] for o in outcomes]
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)), file=stream)
    for line in lines:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths)), file=stream)
    print_problems(outcomes, stream)
    failed = [o for o in outcomes if o.status != "ok"]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} files read", file=stream)


def print_problems(outcomes: list[FileOutcome], stream) -> None:
    """The files that failed (with what to do) and the warnings: all that -q prints."""
    failed = [o for o in outcomes if o.status != "ok"]
    for outcome in failed:
        print(f"error: {outcome.path}: {outcome.message}", file=stream)
    for reason in sorted({o.reason for o in failed}):
        if remedy(reason):
            print(f"what to do ({reason}): {remedy(reason)}", file=stream)
    for outcome in outcomes:
        for warning in outcome.warnings:
            print(f"warning: {outcome.path}: {warning}", file=stream)


def fix_text(name: str, as_json: bool) -> int:
    from normalize.fix_text import repair_lines

    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kehoach: cannot read {name}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    lines, fixes = repair_lines(text.splitlines())
    if as_json:
        json.dump([{"line": number, **fix.as_json()} for number, fix in fixes], sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for line in lines:
            sys.stdout.write(line + "\n")
    return ExitCode.OK


def review(out_dir: Path) -> int:
    from .report import write_report

    if not (out_dir / "summary.csv").exists() and not (out_dir / "inputs.jsonl").exists():
        print(f"kehoach: {out_dir} holds no batch outputs (no summary.csv)", file=sys.stderr)
        return ExitCode.USAGE
    stats = write_report(out_dir)
    print(f"{stats.path}: {stats.files} files, {stats.crops} crops, {stats.bytes / 1e6:.1f} MB, {stats.seconds:.1f} s")
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    """The ``kehoach`` command; Ctrl-C outside a batch is one line too, never a traceback."""
    try:
        return int(_main(argv))
    except KeyboardInterrupt:
        print("kehoach: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # output piped into head …
        return int(ExitCode.OK)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose, quiet = getattr(args, "verbose", False), getattr(args, "quiet", False)
    configure_logging(verbose, quiet)
    if args.command == "schema":
        sys.stdout.write(schema_text())
        return ExitCode.OK
    if args.command == "fix-text":
        return fix_text(args.file, args.json)
    if args.command == "review":
        return review(Path(args.output))
    if args.command != "extract":
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"unknown format {', '.join(unknown) or '(none)'}; choose among {', '.join(FORMATS)}")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    paths, failed = collect_inputs(args.paths)
    if not paths and not failed:
        print("kehoach: no readable files found (PDF, PNG, JPEG, TIFF or .txt)", file=sys.stderr)
        return ExitCode.USAGE
    options = BatchOptions(out_dir=Path(args.output), formats=formats, repair=not args.no_fix,
                           jobs=args.jobs, timeout=args.timeout, force=args.force,
                           max_input_bytes=int(args.max_size * 2**20), report=not args.no_report)
    progress = Progress(len(paths) + len(failed), interactive=False if quiet else None)
    try:
        if args.scheduler:
            configure_dask_logging(verbose)
            runner = ClusterRunner(options, ClusterSettings(args.scheduler), on_file=progress, on_page=progress.page)
        else:
            runner = BatchRunner(options, on_file=progress, on_page=progress.page)
        outcomes = runner.run(paths, failed)
    except UsageError as exc:
        print(f"kehoach: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except BatchInterrupted as exc:
        progress.interrupted()
        print(f"kehoach: stopped by {exc}; {progress.done} of {progress.total} files were finished "
              "and are kept; run the same command again to resume", file=sys.stderr)
        return ExitCode.INTERRUPTED if exc.signum == signal.SIGINT else ExitCode.TERMINATED
    except ClusterLost as exc:
        progress.interrupted()
        print(f"kehoach: {exc}; {progress.done} of {progress.total} files were finished and are kept; "
              "run the same command again to resume", file=sys.stderr)
        return ExitCode.FILES_FAILED
    except OSError as exc:  # the batch reports could not be written (disk full …)
        print(f"kehoach: cannot write to {options.out_dir}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.FILES_FAILED
    if quiet:
        print_problems(outcomes, sys.stderr)
    else:
        print_summary(outcomes, sys.stdout)
    if not all(o.status == "ok" for o in outcomes):
        return ExitCode.FILES_FAILED
    if args.strict and any(o.checks_failed for o in outcomes):
        return ExitCode.CHECKS_FAILED
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
