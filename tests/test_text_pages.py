"""Text-layer pages read by several worker processes give exactly what one process gives."""
from __future__ import annotations

import dataclasses

from conftest import SAMPLES
from extract import TextLayerSettings, extract_file
from extract.text_pages import pool_jobs, runs
from normalize.legacy import page_text_decoder

#: A plan whose table runs over 11 pages, with its header repeated on each.
PLAN = SAMPLES / "dak-nong-qd2070-2019.pdf"


def test_pages_read_by_workers_are_the_pages_read_in_one_process():
    pooled_settings = TextLayerSettings(pool_min_pages=2)  # the sample is shorter than the default
    assert pool_jobs(11, 2, pooled_settings) == 2
    progress = []
    alone = extract_file(PLAN, jobs=1, decode_page=page_text_decoder)
    pooled = extract_file(PLAN, settings=pooled_settings, jobs=2, decode_page=page_text_decoder,
                          on_page=lambda done, total: progress.append((done, total)))
    assert alone.pages == pooled.pages == 11
    assert set(alone.page_methods.values()) == {"text-layer"}
    assert dataclasses.asdict(pooled) == dataclasses.asdict(alone)
    assert progress == [(n, 11) for n in range(1, 12)]


def test_runs_cover_every_page_once_in_order():
    settings = TextLayerSettings(pool_runs_per_worker=4)
    for count, jobs in ((501, 2), (24, 2), (25, 3), (7, 8)):
        cut = runs(count, jobs, settings)
        assert [n for run in cut for n in run] == list(range(1, count + 1))
        assert len(cut) <= jobs * 4


def test_short_files_and_one_job_stay_in_this_process():
    settings = TextLayerSettings()
    assert pool_jobs(settings.pool_min_pages - 1, 2, settings) == 1
    assert pool_jobs(500, 1, settings) == 1
    assert pool_jobs(500, 2, settings) == 2
