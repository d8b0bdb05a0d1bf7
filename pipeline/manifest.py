"""The batch manifest: which inputs are done, so a re-run skips them.

A SQLite database in the output folder, keyed by the input's sha256 and the
pipeline version (the package version, the schema and the options that change
the output). A file is recorded as done only after all its outputs were
renamed into place, in one transaction, so a run killed at any moment leaves
either a finished file or one that the next run does again.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

MANIFEST_NAME = "manifest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    stem TEXT NOT NULL,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (sha256, version, stem)
)
"""


class Manifest:
    """Done files of an output folder (one connection per call: safe across processes)."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST_NAME
        with closing(self._connect()) as db, db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def done(self, sha256: str, version: str, stem: str) -> dict | None:
        """The recorded outcome of a finished file, or None."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT outcome FROM files WHERE sha256=? AND version=? AND stem=? AND status='ok'",
                (sha256, version, stem)).fetchone()
        return json.loads(row[0]) if row else None

    def record(self, sha256: str, version: str, stem: str, path: str, status: str, outcome: dict) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                       (sha256, version, stem, path, status,
                        json.dumps(outcome, ensure_ascii=False, sort_keys=True)))
