"""One vocabulary for what can go wrong, and the exit codes (in OCRmyPDF's style).

Every file that fails gets one :class:`Reason`; each reason has a remedy, a
plain sentence saying what the user can do about it, which ``errors.json``
carries beside the message. :class:`ExitCode` is the one list of exit codes,
shared by the CLI, its ``--help`` and the README (a test keeps the README in
step with both enums).

extract/ raises its own exceptions (extract/errors.py) whose ``reason``
strings are values of :class:`Reason`: data flows one way, so extract/ does
not import this module.
"""
from __future__ import annotations

from enum import Enum, IntEnum

from extract.tesseract import INSTALL_HINT


class Reason(str, Enum):
    """Why a file was not read (the ``reason`` of ``errors.json`` and ``summary.csv``)."""

    NOT_FOUND = "not found"
    UNREADABLE = "unreadable"
    UNSUPPORTED_TYPE = "unsupported type"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NOT_A_PLAN = "not a plan"
    TOO_LARGE = "too large"
    PAGE_TOO_LARGE = "page too large"
    TIMED_OUT = "timed out"
    OUT_OF_MEMORY = "out of memory"
    OCR_UNAVAILABLE = "ocr unavailable"
    CANNOT_WRITE = "cannot write"
    CRASHED = "crashed"
    INTERNAL_ERROR = "internal error"


REMEDIES: dict[Reason, str] = {
    Reason.NOT_FOUND: "Check the path: the file or folder does not exist (or a pattern matched nothing).",
    Reason.UNREADABLE: "Check that the file exists and that you may read it (ls -l; chmod u+r FILE).",
    Reason.UNSUPPORTED_TYPE: "Save the document as PDF (or PNG/JPEG/TIFF for scans, UTF-8 .txt for OCR text) "
                             "and run kehoach on that.",
    Reason.CORRUPT: "The file is damaged or not what its name says: get a fresh copy from the sender; "
                    "a damaged PDF can often be rebuilt with `qpdf in.pdf out.pdf`.",
    Reason.ENCRYPTED: "Remove the password first: `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, "
                      "then run kehoach on out.pdf.",
    Reason.NOT_A_PLAN: "Nothing to extract: kehoach found no plan table (a header with the task column), "
                       "official document or list. If the file is a plan, check that it is not a blank or "
                       "unrelated scan.",
    Reason.TOO_LARGE: "Split the file (`qpdf in.pdf --pages . 1-100 -- part1.pdf`) or raise the limit "
                      "(--max-size).",
    Reason.PAGE_TOO_LARGE: "A page would take too many pixels to read: scan it at 300 dpi, or shrink the "
                           "image (`convert in.png -resize 50% out.png`).",
    Reason.TIMED_OUT: "Run it alone with a longer limit (--timeout SECONDS); a very long scan can be split "
                      "with qpdf.",
    Reason.OUT_OF_MEMORY: "Run it alone (-j 1) on a machine with more memory, or split the file with qpdf.",
    Reason.OCR_UNAVAILABLE: f"Install Tesseract and its Vietnamese model: `sudo {INSTALL_HINT}`.",
    Reason.CANNOT_WRITE: "Check that the output folder is writable and has space (df -h), then run again.",
    Reason.CRASHED: "Run the file alone with -v to see where it stops, and report it with the file.",
    Reason.INTERNAL_ERROR: "A bug in kehoach: run the file alone with -v and report it with the file.",
}


def remedy(reason: str) -> str:
    """The remedy for a reason given as its text ("" for an unknown one)."""
    try:
        return REMEDIES[Reason(reason)]
    except ValueError:
        return ""


class ExitCode(IntEnum):
    """What ``kehoach extract`` exits with."""

    OK = 0  #: every file was read
    FILES_FAILED = 1  #: some files (or paths) failed: see summary.csv and errors.json
    USAGE = 2  #: usage error: bad option, nothing to read, an output folder that cannot be written
    CHECKS_FAILED = 3  #: with --strict: every file was read, but some check failed
    INTERRUPTED = 130  #: stopped by Ctrl-C (SIGINT); a re-run resumes
    TERMINATED = 143  #: stopped by SIGTERM; a re-run resumes


EXIT_CODE_TEXT: dict[ExitCode, str] = {
    ExitCode.OK: "every file was read",
    ExitCode.FILES_FAILED: "some files failed (see the summary and OUT/errors.json)",
    ExitCode.USAGE: "usage error (bad option, nothing to read, output folder not writable)",
    ExitCode.CHECKS_FAILED: "with --strict: every file was read but some check failed",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); run the same command again to resume",
    ExitCode.TERMINATED: "terminated (SIGTERM); run the same command again to resume",
}


def exit_codes_help() -> str:
    """The exit codes as lines for ``--help``."""
    return "\n".join(f"  {int(code):>3}  {EXIT_CODE_TEXT[code]}" for code in ExitCode)
