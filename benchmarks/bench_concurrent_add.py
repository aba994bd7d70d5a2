"""Several ``newsdesk add`` processes on one store at once, against one serial run.

The release check's case: originals in one process and their updated copies (the same
text with a line appended, another URL) in another, plus more writers on other articles
and a reader listing the stories all along. Reported: each process's exit code, what
was stored, the duplicate links and stories, against a serial ``add`` of the same files
one after the other, and against one ``add`` of the articles in the order the concurrent
run committed them (which must be identical: see newsdesk.store.ingest).

    python benchmarks/bench_concurrent_add.py            # 4 writers, 2,000 originals
    python benchmarks/bench_concurrent_add.py 4 5000
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_add import synthetic  # noqa: E402

from newsdesk.model import Article  # noqa: E402
from newsdesk.store import open_store  # noqa: E402


def _row(a: Article, n: int) -> dict[str, str | None]:
    return {
        "text": a.text,
        "title": a.title,
        "source": a.source,
        "url": f"https://outlet.example/{n}",
        "published": a.published.isoformat() if a.published else None,
    }


def _updated(a: Article) -> Article:
    return dataclasses.replace(a, text=a.text + " This article has been updated.")


def _write(path: Path, rows: list[dict[str, str | None]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _grouping(db: Path) -> tuple[int, int, int, set[frozenset[str]]]:
    with open_store(db, create=False) as store:
        a = store.assignments()
    stories: dict[str, set[str]] = {}
    for aid, sid, _ in a:
        stories.setdefault(sid, set()).add(aid)
    links = sum(1 for _, _, d in a if d is not None)
    return len(a), links, len(stories), {frozenset(s) for s in stories.values()}


def main(argv: list[str]) -> int:
    writers = int(argv[0]) if argv else 4
    n = int(argv[1]) if len(argv) > 1 else 2000
    arts = synthetic(n, seed=5)
    half = n // 2
    files: list[list[dict[str, str | None]]] = [
        [_row(a, i) for i, a in enumerate(arts[:half])],
        [_row(_updated(a), i + n) for i, a in enumerate(arts[:half])],
    ]
    rest = arts[half:]
    for k in range(writers - 2):
        files.append(
            [_row(a, half + k + writers * j) for j, a in enumerate(rest[k :: writers - 2])]
        )
    with tempfile.TemporaryDirectory() as tmp:
        paths = [_write(Path(tmp) / f"in{i}.jsonl", rows) for i, rows in enumerate(files)]
        db = Path(tmp) / "concurrent.db"
        cmd = [sys.executable, "-m", "newsdesk", "add", "--batch-size", "100", "--db", str(db)]
        t0 = time.perf_counter()
        procs = [subprocess.Popen([*cmd, str(p)], stderr=subprocess.PIPE, text=True) for p in paths]
        reads = read_errors = 0
        while any(p.poll() is None for p in procs):
            r = subprocess.run(
                [sys.executable, "-m", "newsdesk", "stories", "--json", "--db", str(db)],
                capture_output=True,
                text=True,
            )
            reads += 1
            read_errors += r.returncode != 0 and "no store" not in r.stderr
        errs = [p.communicate()[1] for p in procs]
        wall = time.perf_counter() - t0
        codes = [p.returncode for p in procs]
        stored, links, stories, groups = _grouping(db)
        serial = Path(tmp) / "serial.db"
        t0 = time.perf_counter()
        for p in paths:
            subprocess.run([*cmd[:-2], "--db", str(serial), str(p)], capture_output=True)
        serial_wall = time.perf_counter() - t0
        s_stored, s_links, s_stories, s_groups = _grouping(serial)
        replay = Path(tmp) / "replay.db"
        with open_store(db, create=False) as store:
            ordered = store.articles_in_order()
        with open_store(replay) as store, open_store(db, create=False) as done:
            store.add(ordered)
            same_as_replay = store.assignments() == done.assignments()
    print(f"{writers} writers, {sum(len(f) for f in files)} input articles, batches of 100")
    print("| run | exit codes | stored | duplicate links | stories | wall s |")
    print("|---|---|---|---|---|---|")
    print(f"| concurrent | {codes} | {stored} | {links} | {stories} | {wall:.1f} |")
    print(
        f"| serial, file by file | - | {s_stored} | {s_links} | {s_stories} | {serial_wall:.1f} |"
    )
    print(f"readers: {reads} `stories` runs during the writes, {read_errors} failed")
    print(f"tracebacks on stderr: {sum('Traceback' in e for e in errs)}")
    print(f"grouping identical to one add in commit order: {same_as_replay}")
    same = len(groups & s_groups)
    print(f"stories identical to the serial run's: {same} of {len(s_groups)}")
    return 0 if all(c == 0 for c in codes) and same_as_replay else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
