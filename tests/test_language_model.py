"""py3langid's model is unpacked once into the user's cache, restricted to ISO 639-1 languages and
mapped, and the copy answers as the packed model restricted the same way does."""

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
    cache.mkdir(parents=True)
    (cache / "py3langid-0.4.0-4586720-1796584995399584946.npz").write_bytes(b"a copy in the earlier layout")
    unpacked = _from_unpacked(PACKED, LanguageIdentifier)
    packed = LanguageIdentifier.from_modelpath(PACKED, norm_probs=True)
    packed.set_languages([code for code in packed.nb_classes if len(code) == 2])
    (copy,) = cache.iterdir()  # one whole copy, no part left, the earlier one removed
    assert copy.is_dir() and not copy.name.endswith(".part") and len(list(copy.iterdir())) == 6
    assert unpacked.nb_classes == packed.nb_classes
    assert [unpacked.classify(text) for text in TEXTS] == [packed.classify(text) for text in TEXTS]
    assert [code for code, _ in map(unpacked.classify, TEXTS)] == ["en", "de", "fr", "es"]


def test_a_cache_that_cannot_be_written_leaves_the_packed_model_to_the_caller(cache):
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder would be")
    assert _from_unpacked(PACKED, LanguageIdentifier) is None


def test_a_damaged_copy_is_removed_and_made_again(cache):
    _from_unpacked(PACKED, LanguageIdentifier)
    (copy,) = cache.iterdir()
    table = copy / "ptc.npy"
    table.write_bytes(table.read_bytes()[:1000])
    assert _from_unpacked(PACKED, LanguageIdentifier) is None
    assert not copy.exists()
    assert _from_unpacked(PACKED, LanguageIdentifier).classify(TEXTS[1])[0] == "de"


def test_a_copy_of_the_wrong_shape_or_a_file_in_its_place_is_made_again(cache):
    import numpy as np

    _from_unpacked(PACKED, LanguageIdentifier)
    (copy,) = cache.iterdir()
    np.save(copy / "pc.npy", np.zeros(5, np.float32))  # well formed, of the wrong length: loads, then fails on every text
    assert _from_unpacked(PACKED, LanguageIdentifier) is None and not copy.exists()
    copy.write_text("a file where the copy goes")
    assert _from_unpacked(PACKED, LanguageIdentifier).classify(TEXTS[2])[0] == "fr" and copy.is_dir()
