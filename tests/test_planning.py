"""Planning an ingest, a pure function over the seeds folder and the manifest (no Prefect, no model)."""

import os
import time
from datetime import datetime, timezone

import pytest

from newslake.analysis import Recipe
from newslake.planning import Manifest, discover, nothing_to_do, plan, settle, summary_line
from transforms.entities.recognition import DEFAULT_MODEL

AT = datetime(2026, 11, 28, tzinfo=timezone.utc)
ARTICLE = "Talks resume\n\nOfficials met in Paris on Monday.\n"


NONE = Manifest.from_rows([])


def plan_of(seeds, manifest, model=DEFAULT_MODEL):
    return plan(seeds, discover(seeds), manifest, Recipe(model))


def rows_of(found):
    """The manifest rows an ingest of `found` would write."""
    return [
        {"source_path": source.path, "n_documents": 1, "size": source.size, "modified_at": source.modified_at,
         "content_sha256": "", "pipeline_version": source.pipeline_version, "ingested_at": AT}
        for source in found.changed
    ]


def manifest_of(found):
    return Manifest.from_rows(rows_of(found))


@pytest.fixture
def seeds(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE + "More.\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    return tmp_path


def test_a_first_plan_reads_every_article_and_rejects_the_rest(seeds):
    found = plan_of(seeds, NONE)
    assert [source.path for source in found.changed] == ["a.txt", "b.txt"]
    assert [reject.source_path for reject in found.rejects] == ["notes.pdf"]
    assert not nothing_to_do(found, NONE, [], outputs_fresh=True)


def test_a_folder_that_cannot_be_read_is_a_reject_and_the_others_go_on(seeds, monkeypatch):
    """As root the mode bits would not stop us, so the refusals are the system's calls raising: a
    folder that cannot be listed (no `r`), and one inside a folder listed but not searchable (no `x`)."""
    for folder in ("closed", "listed/inner", "open"):
        (seeds / folder).mkdir(parents=True)
        (seeds / folder / "c.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def stat(path, *args, **kwargs):
        if str(path).endswith("listed/inner"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    readable = plan_of(seeds, NONE)
    manifest = manifest_of(readable)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    found = plan_of(seeds, manifest)
    assert found.changed == []
    assert [(reject.source_path, reject.reason) for reject in found.rejects] == [
        ("closed", "is a folder that cannot be read (Permission denied): its files were not ingested"),
        ("listed/inner", "is a folder that cannot be read (Permission denied): its files were not ingested"),
        ("notes.pdf", found.rejects[2].reason)]
    assert [source.path for source in readable.changed] == ["a.txt", "b.txt", "closed/c.txt", "listed/inner/c.txt", "open/c.txt"]
    # the rows of the files in them stay, even with --prune: they were not seen, not seen gone
    settled = settle(found, manifest, [], found.rejects, [], prune=True, recipe=Recipe(DEFAULT_MODEL), at=AT)
    assert settled.missing == [] and settled.gone == set() and len(settled.manifest) == 5
    monkeypatch.setattr(os, "scandir", lambda path: (_ for _ in ()).throw(PermissionError(13, "Permission denied", str(path))))
    closed = plan_of(seeds, manifest)  # the seeds folder itself
    assert [(reject.source_path, reject.reason) for reject in closed.rejects] == [
        (".", "is a folder that cannot be read (Permission denied): its files were not ingested")]
    assert settle(closed, manifest, [], closed.rejects, [], prune=True, recipe=Recipe(DEFAULT_MODEL), at=AT).gone == set()


def test_nothing_to_do_only_when_nothing_changed(seeds):
    manifest = manifest_of(plan_of(seeds, NONE))
    stored = [{"source_path": "notes.pdf", "reason": plan_of(seeds, NONE).rejects[0].reason, "line": None}]
    again = plan_of(seeds, manifest)
    assert again.changed == [] and nothing_to_do(again, manifest, stored, outputs_fresh=True)
    assert not nothing_to_do(again, manifest, stored, outputs_fresh=False)  # the report is older than the data
    assert not nothing_to_do(again, manifest, [], outputs_fresh=True)  # a reject not recorded yet
    with_gone = Manifest.from_rows([*rows_of(plan_of(seeds, NONE)), {**manifest["a.txt"], "source_path": "gone.txt"}])
    assert not nothing_to_do(again, with_gone, stored, outputs_fresh=True)  # a file went
    later = time.time() + 10
    os.utime(seeds / "a.txt", (later, later))  # touched: same bytes, the new time goes in the manifest
    hashed = Manifest.from_rows({**row, "content_sha256": _sha(seeds / path)} for path, row in manifest.items())
    touched = plan_of(seeds, hashed)
    assert touched.changed == [] and not nothing_to_do(touched, hashed, stored, outputs_fresh=True)
    assert list(touched.touched) == ["a.txt"]
    (seeds / "b.txt").write_text("Changed\n\nA different text.\n", encoding="utf-8")
    assert [source.path for source in plan_of(seeds, hashed).changed] == ["b.txt"]


def test_the_run_is_told_of_work_once_and_only_when_a_file_is_to_be_analysed(seeds):
    """`on_work` starts what the run will need (Prefect's server) while the folder is planned."""
    calls = []

    def planned(manifest):
        calls.clear()
        plan(seeds, discover(seeds), manifest, Recipe(DEFAULT_MODEL), on_work=lambda: calls.append(1))
        return len(calls)

    manifest = manifest_of(plan_of(seeds, NONE))
    assert planned(NONE) == 1  # two new articles, one call
    assert planned(manifest) == 0  # nothing changed; the pdf is rejected again, never analysed
    (seeds / "more.docx").write_bytes(b"PK")
    assert planned(manifest) == 0  # a new file newslake does not read is no work
    (seeds / "b.txt").write_text("Changed\n\nA different text.\n", encoding="utf-8")
    assert planned(manifest) == 1  # changed in place: known once its size is

def test_another_model_reads_everything_again(seeds):
    manifest = manifest_of(plan_of(seeds, NONE))
    assert [source.path for source in plan_of(seeds, manifest, "another_model").changed] == ["a.txt", "b.txt"]


def test_a_changed_file_replaces_its_rows_and_a_missing_one_keeps_them(seeds):
    manifest = manifest_of(plan_of(seeds, NONE))
    (seeds / "b.txt").write_text("Changed\n\nA different text.\n", encoding="utf-8")
    (seeds / "a.txt").unlink()
    again = plan_of(seeds, manifest)
    analysed = [{**manifest["b.txt"], "size": again.changed[0].size}]
    settled = settle(again, manifest, analysed, again.rejects, [], prune=False, recipe=Recipe(DEFAULT_MODEL), at=AT)
    assert settled.ingested == {"b.txt"} and settled.missing == ["a.txt"] and settled.gone == set()
    assert settled.delete_rows_of == {"b.txt"}  # a.txt's rows stay until --prune
    assert settled.manifest["source_path"].to_pylist() == ["a.txt", "b.txt"]
    assert settled.rejects == [{"source_path": "notes.pdf", "line": None, "record_offset": None, "reason": again.rejects[0].reason, "rejected_at": AT}]
    pruned = settle(again, manifest, analysed, again.rejects, [], prune=True, recipe=Recipe(DEFAULT_MODEL), at=AT)
    assert pruned.gone == {"a.txt"} and pruned.delete_rows_of == {"a.txt", "b.txt"}
    assert pruned.manifest["source_path"].to_pylist() == ["b.txt"] and pruned.changed


def test_rows_of_a_missing_file_from_another_version_go_without_prune(seeds):
    rows = rows_of(plan_of(seeds, NONE))
    rows[0]["pipeline_version"] = "0/old_model"  # a.txt
    manifest = Manifest.from_rows(rows)
    (seeds / "a.txt").unlink()
    again = plan_of(seeds, manifest)
    settled = settle(again, manifest, [], again.rejects, [], prune=False, recipe=Recipe(DEFAULT_MODEL), at=AT)
    assert settled.gone == {"a.txt"} and settled.delete_rows_of == {"a.txt"} and settled.changed


def test_rejects_of_files_not_read_again_are_kept(seeds):
    manifest = manifest_of(plan_of(seeds, NONE))
    earlier = datetime(2026, 1, 1, tzinfo=timezone.utc)
    stored = [
        {"source_path": "notes.pdf", "line": None, "reason": "old reason", "rejected_at": earlier},
        {"source_path": "a.txt", "line": 3, "reason": "a bad record", "rejected_at": earlier},  # a.txt is unchanged
    ]
    again = plan_of(seeds, manifest)
    settled = settle(again, manifest, [], again.rejects, stored, prune=False, recipe=Recipe(DEFAULT_MODEL), at=AT)
    assert [(row["source_path"], row["reason"], row["rejected_at"]) for row in settled.rejects] == [
        ("a.txt", "a bad record", earlier), ("notes.pdf", again.rejects[0].reason, AT),
    ]
    assert not settled.changed and settled.seen == {"a.txt", "b.txt", "notes.pdf"}


def test_summary_line():
    summary = {"files_seen": 3, "ingested": 0, "unchanged": 2, "rejected": 1, "missing": 0, "seconds": 0.4,
               "rejected_records": 2, "duplicates": 1}
    assert summary_line(summary) == (
        "3 files seen: 0 ingested, 2 unchanged, 1 rejected, 0 missing (0.4 s); 2 dump records rejected; "
        "1 duplicate articles left out of the views"
    )


def _sha(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.flow
def test_a_run_with_nothing_to_do_answers_before_prefect_starts(tmp_path, harness):
    from tests.conftest import ingest_with_cli

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(ARTICLE, encoding="utf-8")
    first = ingest_with_cli(seeds, tmp_path / "data")
    assert "1 ingested" in first and "no flow run" not in first
    started = time.perf_counter()
    again = ingest_with_cli(seeds, tmp_path / "data")
    assert again.splitlines()[0].startswith("1 files seen: 0 ingested, 1 unchanged, 0 rejected, 0 missing (")
    assert again.splitlines()[0].endswith("; nothing changed, no flow run")
    assert time.perf_counter() - started < 3
