"""py3langid's model is unpacked once into the user's cache, and the copy answers as the packed
model does."""

import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from transforms.text.language import _from_unpacked

PACKED = MODEL_DIR / MODEL_FILE
TEXTS = [
    "The minister said on Tuesday that the talks would continue into next week.",
    "Der Minister sagte am Dienstag, dass die Gespräche in der nächsten Woche weitergehen.",
    "Le ministre a déclaré mardi que les négociations se poursuivraient la semaine prochaine.",
    "El ministro dijo el martes que las conversaciones continuarían la próxima semana.",
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "newslake"


def test_the_unpacked_copy_answers_as_the_packed_model(cache):
    unpacked = _from_unpacked(PACKED, LanguageIdentifier)
    packed = LanguageIdentifier.from_modelpath(PACKED, norm_probs=True)
    assert [path.suffix for path in cache.iterdir()] == [".npz"]  # one whole copy, no part left
    assert [unpacked.classify(text) for text in TEXTS] == [packed.classify(text) for text in TEXTS]
    assert [code for code, _ in map(unpacked.classify, TEXTS)] == ["en", "de", "fr", "es"]


def test_a_cache_that_cannot_be_written_leaves_the_packed_model_to_the_caller(cache):
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder would be")
    assert _from_unpacked(PACKED, LanguageIdentifier) is None


def test_a_damaged_copy_is_removed_and_made_again(cache):
    _from_unpacked(PACKED, LanguageIdentifier)
    (copy,) = cache.iterdir()
    copy.write_bytes(copy.read_bytes()[:1000])
    assert _from_unpacked(PACKED, LanguageIdentifier) is None
    assert not copy.exists()
    assert _from_unpacked(PACKED, LanguageIdentifier).classify(TEXTS[1])[0] == "de"
