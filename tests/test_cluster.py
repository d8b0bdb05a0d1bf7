"""The batch on a real Dask cluster on loopback: a `dask scheduler` and two `dask worker`
processes (one thread each), and kehoach's command line as the client.

The batch is mixed (a text PDF, a corrupt PDF, the seed OCR dump and one scanned page,
the slow file) and its bytes are compared with a local run of the same folder."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES

distributed = pytest.importorskip("distributed")

KEHOACH = [sys.executable, "-m", "pipeline.cli"]
DASK = Path(sys.executable).parent / "dask"
SCAN = SAMPLES / "scans" / "dak-nong-cv104-2019.scan300.pdf"  # one page: the file that takes seconds


#: A task may be on a worker that dies once and be redone; the second death makes it "bad"
#: (KilledWorker). Dask's default is 3; 1 keeps the test of a file that kills workers short.
ALLOWED_FAILURES = 1


def _start(args: list, log: Path, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(ALLOWED_FAILURES)}
    with log.open("wb") as handle:
        return subprocess.Popen([str(DASK), *args], cwd=cwd, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True, env=env)


def _stop(process: subprocess.Popen) -> None:
    """End a process and everything in its group (a worker's nanny and its worker)."""
    for signum, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    try:  # what the group left behind (the worker under its nanny)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _scheduler_address(scheduler_file: Path, seconds: float = 60) -> str:
    """The address the scheduler writes to its file once it listens (the file may be half written)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return json.loads(scheduler_file.read_text())["address"]
        except (OSError, ValueError, KeyError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, a client to watch it); every process is ended at the end, pass or fail."""
    if not DASK.exists():
        pytest.skip(f"no dask command beside {sys.executable}")
    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    processes = []
    client = None
    try:
        processes.append(_start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", str(scheduler_file)], folder / "scheduler.log", folder))
        for name in ("w1", "w2"):
            # The workers' working folder is not the client's: they must be given absolute paths.
            processes.append(_start(["worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1",
                                     "--no-dashboard", "--name", name], folder / f"{name}.log", folder))
        address = _scheduler_address(scheduler_file)
        client = distributed.Client(address, timeout=60, set_as_default=False)
        client.wait_for_workers(2, timeout=60)
        yield address, client
    finally:
        if client is not None:
            client.close()
        for process in reversed(processes):
            _stop(process)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    from conftest import SEED

    if not SEED.exists():
        pytest.skip(f"the seed dump is not at {SEED}")
    folder = tmp_path_factory.mktemp("inbox")
    shutil.copy(SAMPLES / "synthetic-huyen-2023.pdf", folder)
    shutil.copy(SEED, folder)
    shutil.copy(SCAN, folder)
    (folder / "hỏng.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    return folder


@pytest.fixture(scope="module")
def reference(inbox, tmp_path_factory):
    """The outputs of a local run (the embedded process pool) of the inbox."""
    out = tmp_path_factory.mktemp("reference")
    done = kehoach("extract", inbox, "-o", out, "-j", "2")
    assert done.returncode == 1, done.stderr  # the corrupt file
    return outputs(out)


def kehoach(*args):
    return subprocess.run([*KEHOACH, *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=300)


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output but the two that record the run's timings (and the manifest's database)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if not p.name.startswith((".", "manifest.sqlite")) and p.name not in ("report.html", "inputs.jsonl")}


def test_a_cluster_batch_writes_the_bytes_of_a_local_run(cluster, inbox, reference, tmp_path):
    address, _ = cluster
    out = tmp_path / "out"
    done = kehoach("extract", inbox, "-o", out, "--scheduler", address)
    assert done.returncode == 1, done.stderr
    assert outputs(out) == reference
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [(Path(e["file"]).name, e["reason"]) for e in errors] == [("hỏng.pdf", "corrupt")]
    assert "qpdf" in errors[0]["remedy"]  # the local path's remedy
    assert {"synthetic-huyen-2023.json", "dak-nong-cchc-2019.ocr.json", "dak-nong-cv104-2019.scan300.json"} \
        <= set(reference)
    again = kehoach("extract", inbox, "-o", out, "--scheduler", address)  # the manifest: nothing to redo
    assert again.stdout.count("done earlier") == 3 and outputs(out) == reference


def test_the_scheduler_comes_from_the_environment(cluster, inbox, reference, tmp_path):
    address, _ = cluster
    out = tmp_path / "out"
    done = subprocess.run([*KEHOACH, "extract", str(inbox / "hỏng.pdf"), str(inbox / "synthetic-huyen-2023.pdf"),
                           "-o", str(out), "-v"], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "KEHOACH_SCHEDULER": address})
    assert done.returncode == 1, done.stderr
    assert address in done.stderr  # -v: the client's connection to this scheduler is logged
    assert (out / "synthetic-huyen-2023.json").read_bytes() == reference["synthetic-huyen-2023.json"]


def _executing(dask_worker) -> tuple[int, list[str]]:
    """On a worker: its process id and the keys of the tasks it is running now."""
    return os.getpid(), [str(ts.key) for ts in dask_worker.state.executing]


# The workers cannot import this test module: send its functions by value.
import cloudpickle  # noqa: E402  (dask's own dependency)

cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _kill_page_workers(watcher, client: subprocess.Popen, times: int) -> list[int]:
    """SIGKILL, ``times`` times, a worker while it runs a page task (never the same process
    twice); the pids killed."""
    killed: list[int] = []
    deadline = time.monotonic() + 120
    while len(killed) < times and time.monotonic() < deadline and client.poll() is None:
        for pid, keys in watcher.run(_executing, on_error="ignore").values():  # a dying worker: no answer
            if pid not in killed and any(k.startswith("kehoach-page-") for k in keys):
                os.kill(pid, signal.SIGKILL)  # the scan's page, a task of its own, is running there
                killed.append(pid)
                break
        time.sleep(0.02)
    return killed


def _run_killing(address: str, watcher, inputs: list, out: Path, times: int):
    watcher.wait_for_workers(2, timeout=60)  # a worker killed by an earlier test is back
    client = subprocess.Popen([*KEHOACH, "extract", *map(str, inputs), "-o", str(out), "--scheduler", address],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        killed = _kill_page_workers(watcher, client, times)
        stdout, stderr = client.communicate(timeout=300)
    finally:
        if client.poll() is None:
            os.killpg(client.pid, signal.SIGKILL)
            client.wait()
    return killed, client.returncode, stdout, stderr


def test_a_worker_killed_while_it_reads_a_page_has_its_tasks_redone(cluster, inbox, reference, tmp_path):
    address, watcher = cluster
    out = tmp_path / "out"
    killed, code, stdout, stderr = _run_killing(address, watcher, [inbox], out, times=1)
    assert len(killed) == 1, "no page task was seen running"
    assert code == 1, stderr
    assert outputs(out) == reference
    assert "FAILED (corrupt)" in stdout and stdout.count(" ok ") >= 3
    watcher.wait_for_workers(2, timeout=60)  # the nanny started a new worker
    assert killed[0] not in {pid for pid, _ in watcher.run(_executing).values()}


def test_a_file_that_kills_worker_after_worker_is_a_crashed_file(cluster, inbox, tmp_path):
    address, watcher = cluster
    out = tmp_path / "out"
    inputs = [inbox / "synthetic-huyen-2023.pdf", inbox / SCAN.name]
    # Every worker that runs the scan's page is killed, as a page that crashes its reader would:
    # each death counts against the page's task or its file's (when both ran there); past
    # ALLOWED_FAILURES deaths of one of them, dask gives up on it (KilledWorker), within
    # 2 × (ALLOWED_FAILURES + 1) deaths.
    killed, code, stdout, stderr = _run_killing(address, watcher, inputs, out,
                                                times=2 * (ALLOWED_FAILURES + 1) + 1)
    assert ALLOWED_FAILURES + 1 <= len(killed) <= 2 * (ALLOWED_FAILURES + 1), killed
    assert code == 1, stderr
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [(Path(e["file"]).name, e["reason"]) for e in errors] == [(SCAN.name, "crashed")]
    assert "worker" in errors[0]["message"] and errors[0]["remedy"]
    assert (out / "synthetic-huyen-2023.json").exists()  # the rest of the batch is read
    assert not (out / f"{SCAN.stem}.json").exists()


def _recorded(out: Path) -> int:
    """How many files the manifest records as done (0 before it exists)."""
    try:
        with closing(sqlite3.connect(f"file:{out / 'manifest.sqlite'}?mode=ro", uri=True)) as db:
            return db.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_client_killed_mid_batch_resumes_to_the_same_bytes(cluster, inbox, reference, tmp_path):
    address, watcher = cluster
    out = tmp_path / "out"
    client = subprocess.Popen([*KEHOACH, "extract", str(inbox), "-o", str(out), "--scheduler", address],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not _recorded(out):
            time.sleep(0.02)
    finally:
        os.killpg(client.pid, signal.SIGKILL)  # the client alone: the cluster stays up
        client.wait()
    partial = set(outputs(out))
    assert partial and partial != set(reference), "the batch finished before it was killed"
    again = kehoach("extract", inbox, "-o", out, "--scheduler", address)
    assert again.returncode == 1, again.stderr
    assert "done earlier" in again.stdout  # what the killed client had written and recorded is kept
    assert outputs(out) == reference
    assert not list(out.glob(".*.part"))
