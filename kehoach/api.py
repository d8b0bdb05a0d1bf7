"""``kehoach.read``, ``kehoach.load`` and the :class:`Result` they give."""
from __future__ import annotations

import dataclasses
import json
from os import PathLike
from pathlib import Path

from normalize import model
from normalize.legacy import page_text_decoder
from normalize.links import link_citations
from normalize.plan import NormalizeOptions, normalize
from pipeline.json_load import result_from_json

from . import frames


class Result(model.Result):
    """A :class:`normalize.model.Result` (the kehoach/1 document) with DataFrame views."""

    @classmethod
    def of(cls, result: model.Result) -> "Result":
        return cls(**{f.name: getattr(result, f.name) for f in dataclasses.fields(model.Result)})

    def to_pandas(self):
        """One row per plan row of every plan table (see :func:`kehoach.frames.plan_rows`)."""
        return frames.plan_rows(self)

    def other_tables_pandas(self) -> dict:
        """Other table id ("o1" …) -> a DataFrame of its rows as read (see :func:`kehoach.frames.other_table`)."""
        return {table.id: frames.other_table(table) for table in self.other_tables}

    def checks_pandas(self):
        """One row per check: the tables' and the file's (see :func:`kehoach.frames.checks`)."""
        return frames.checks(self)


def read(path: str | PathLike, *, repair: bool = True, jobs: int = 1) -> Result:
    """Read one file (PDF, image or OCR text dump) as ``kehoach extract`` does.

    ``repair=False`` is ``--no-fix``; ``jobs`` pages are read in parallel on a scan.
    Citations of documents in the same file get their ``found_in``. Raises
    :class:`extract.ExtractError` for a file that cannot be read (encrypted,
    unsupported …), as the CLI reports it.
    """
    from extract import extract_file

    path = Path(path)
    extraction = extract_file(path, jobs=jobs, decode_page=page_text_decoder)
    result = normalize(extraction, NormalizeOptions(repair=repair))
    link_citations({path.stem: result})
    return Result.of(result)


def load(json_path: str | PathLike) -> Result:
    """An output already written (OUT/<name>.json) as a :class:`Result`."""
    data = json.loads(Path(json_path).read_text(encoding="utf-8"))
    return Result.of(result_from_json(data))
