"""Analysing a batch of files: progress is told a few articles at a time, in files."""

import json
from datetime import datetime, timezone

import pytest

from newslake.analysis import PROGRESS_STEP, Recipe, analyse_batch, source_of
from transforms.entities.recognition import DEFAULT_MODEL

ARTICLE = "Talks resume {n}\n\nOfficials met in Paris on Monday. Emmanuel Macron said the talks would go on.\n"


def test_progress_is_told_a_few_articles_at_a_time_in_files(tmp_path):
    for number in range(12):
        (tmp_path / f"a{number:02d}.txt").write_text(ARTICLE.format(n=number), encoding="utf-8")
    records = [{"title": f"Record {n}", "text": f"The council met on Tuesday in Leeds, meeting {n}."} for n in range(8)]
    (tmp_path / "feed.jsonl").write_text("\n".join(map(json.dumps, records)) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    sources = [source_of(path.name, path.stat(), "test") for path in sorted(tmp_path.iterdir())]
    told = []
    result = analyse_batch(str(tmp_path), sources, Recipe(DEFAULT_MODEL), datetime.now(timezone.utc), progress=told.append)
    assert [reject.source_path for reject in result.rejects] == ["empty.txt"]
    assert result.tables["documents"].num_rows == 20
    # the empty file at once when it is read, then one report per PROGRESS_STEP articles: 12 files,
    # and 8 records that are 1/8 of feed.jsonl each
    assert PROGRESS_STEP == 8 and told[0] == 1
    assert told[1:] == pytest.approx([8, 4 + 4 / 8, 4 / 8])
    assert sum(told) == pytest.approx(len(sources))
