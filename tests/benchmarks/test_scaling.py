"""Ingest at scale: two workers against one, a rerun with nothing changed, and peak memory.

Every figure is a ratio of two runs measured here, one after the other, on the same machine.
"""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

NEWSLAKE = Path(sys.executable).parent / "newslake"


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def run_ingest(seeds: Path, data: Path, *options: str) -> tuple[float, float, int]:
    """Wall seconds, the run's own seconds (as its summary line says), and peak memory."""
    command = [str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(data), *options]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, errors = process.communicate()
    sampler.join()
    assert process.returncode == 0, errors
    flow_seconds = float(re.search(r"missing \(([\d.]+) s\)", output).group(1))
    return time.perf_counter() - started, flow_seconds, peak


def altered_copies(corpus: list[Path], target: Path, copies: int) -> Path:
    target.mkdir()
    for copy in range(copies):
        for path in corpus:
            text = path.read_text(encoding="utf-8")
            title, _, body = text.partition("\n")
            altered = f"{title} (edition {copy})\n{body}\n\nEdition {copy} of this report was filed from desk {copy * 7 + 3}."
            (target / f"{copy}-{path.name}").write_text(altered, encoding="utf-8")
    return target


def test_workers_rerun_and_memory(corpus, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in corpus:
        shutil.copy(path, seeds / path.name)

    one, one_flow, peak_one = run_ingest(seeds, tmp_path / "one", "--workers", "1")
    two, two_flow, peak_corpus = run_ingest(seeds, tmp_path / "two", "--workers", "2")
    rerun, rerun_flow, _ = run_ingest(seeds, tmp_path / "two", "--workers", "2")
    four = altered_copies(corpus, tmp_path / "four", 4)
    four_seconds, _, peak_four = run_ingest(four, tmp_path / "four-data", "--workers", "2")

    print(f"\n{len(corpus)} articles, whole command: 1 worker {one:.1f} s, 2 workers {two:.1f} s: {one / two:.2f}x")
    print(f"the flow's work (without Prefect's ~8 s temporary-server start): 1 worker {one_flow:.1f} s, "
          f"2 workers {two_flow:.1f} s: speed-up {one_flow / two_flow:.2f}x (target >= 1.7)")
    print(f"rerun with nothing changed: flow {rerun_flow:.2f} s = {rerun_flow / two_flow:.1%} of the full run's flow "
          f"(target <= 3 %); whole command {rerun:.1f} s = {rerun / two:.0%}")
    print(f"peak memory, 2 workers: corpus {peak_corpus / 2**20:.0f} MiB, 4 altered copies ({4 * len(corpus)} articles, "
          f"{four_seconds:.0f} s) {peak_four / 2**20:.0f} MiB: ratio {peak_four / peak_corpus:.2f} (target within 10 %)")
    print(f"peak memory, 1 worker: {peak_one / 2**20:.0f} MiB")
    assert peak_four <= 1.10 * peak_corpus
    assert rerun_flow <= 0.03 * two_flow
