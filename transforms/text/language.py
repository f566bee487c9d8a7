"""Which language a document is written in, from its own text, and the language its input declares.

The model is py3langid's (langid.py's naive Bayes over byte n-grams, shipped inside the package,
nothing downloaded), restricted to the languages that have an ISO 639-1 code so that every answer
is one (its other labels, such as `pcm` or `ext`, took 3 of 150 first sentences from English and
Spanish). Measured with `make eval` (`eval/lang.py`): 150 of 150 paragraphs right in English,
German, French, Spanish and Russian at about 0.5 ms each; lingua was right as often but took 16
times as long and 1 GB of memory per process with all its languages loaded.

The language an input declares (`<html lang>`, a record's `language` field, front matter) is kept
apart: pages copied from a template often declare the template's language.
"""

from __future__ import annotations

import hashlib
import lzma
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

# The language whose documents get sentences, entities and quotes: the spaCy model is English.
NLP_LANGUAGE = "en"
# Enough text to tell a language apart (the eval paragraphs are 460 to 1,400 characters); the
# identifier costs about 1 ms a thousand characters, and a long article would pay it whole.
_SAMPLE_CHARACTERS = 2_000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = MODEL_DIR / MODEL_FILE
    identifier = _from_unpacked(packed, LanguageIdentifier)
    if identifier is None:
        identifier = LanguageIdentifier.from_modelpath(packed, norm_probs=True)
        identifier.set_languages([code for code in identifier.nb_classes if _has_code(code)])
    return identifier


def _has_code(label: str) -> bool:
    return len(label) == 2


def load_identifier() -> None:
    """Load the model now, ahead of the first text."""
    _identifier()


def cache_folder() -> Path:
    """newslake's folder in the user's cache (`XDG_CACHE_HOME`, else `~/.cache`)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newslake"


# The arrays of the copy, one `.npy` file each, mapped rather than read.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_PROBE = "Die Gespräche gehen weiter, the talks go on, les négociations continuent."


def _from_unpacked(packed: Path, identifier_class):
    """The identifier read from a copy of py3langid's model unpacked once into the user's cache.

    The model ships as an LZMA-packed `.npz` (4.6 MB); unpacking its 68 MB costs 0.45 s of processor
    time in every process that identifies a language, and holding it, with the copy of the
    probability table that restricting the languages makes, 97 MB of memory in each. The copy is
    kept restricted to the ISO 639-1 languages, one `.npy` file per array, and mapped: a process
    reads in only the pages of table rows and automaton states its texts reach (about 60 MB after
    a few hundred texts), and every process that maps them shares them. The copy is named after
    py3langid's version and a digest of the packed file (not its time: each new environment had
    left a copy of 68 MB), made in a folder of its own and renamed into place, so concurrent
    processes never read half of one; copies in the earlier single-file layout are removed when
    it is made. None when the model is not such a `.npz` or the cache cannot be written: the
    caller unpacks it as py3langid does.
    """
    from importlib.metadata import version

    import numpy as np

    if not packed.name.endswith(".npz.xz"):
        return None
    digest = hashlib.blake2b(packed.read_bytes(), digest_size=8).hexdigest()
    copy = cache_folder() / f"py3langid-{version('py3langid')}-{digest}"
    try:
        if not copy.is_dir():
            _unpack(packed, copy)
    except OSError:  # a cache that cannot be written (read-only home, full disk)
        return None
    try:
        model = {name: np.load(copy / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
        # the automaton's tables are indexed one byte at a time: a memoryview answers a Python int as fast as a list
        identifier = identifier_class(
            model["ptc"], np.array(model["pc"]), model["classes"].tolist(), memoryview(model["nextmove"]), memoryview(model["out_feat"]),
            norm_probs=True, tk_row=model["nextmove_row"].tolist(),
        )
        identifier.classify(_PROBE)  # arrays of the wrong shape load, then fail on every text
        return identifier
    except Exception:  # a damaged copy, or another py3langid's layout: made again next time
        shutil.rmtree(copy, ignore_errors=True)
        return None


def _unpack(packed: Path, copy: Path) -> None:
    import numpy as np

    copy.parent.mkdir(parents=True, exist_ok=True)
    if copy.exists() and not copy.is_dir():  # (a file where the copy goes would stop it for good)
        copy.unlink()
    part = Path(tempfile.mkdtemp(dir=copy.parent, prefix=copy.name, suffix=".part"))
    try:
        with lzma.open(packed) as source, (part / "model.npz").open("wb") as whole:
            shutil.copyfileobj(source, whole, 1 << 20)
        with np.load(part / "model.npz", allow_pickle=False) as model:
            kept = [index for index, label in enumerate(model["classes"].tolist()) if _has_code(label)]
            arrays = {name: model[name] for name in _ARRAYS}
            arrays.update(ptc=np.ascontiguousarray(arrays["ptc"][:, kept]), pc=arrays["pc"][kept], classes=arrays["classes"][kept])
            for name, values in arrays.items():
                np.save(part / f"{name}.npy", values, allow_pickle=False)
        (part / "model.npz").unlink()
        try:
            os.rename(part, copy)
        except OSError:
            if not copy.is_dir():  # (else another process made it first)
                raise
    finally:
        shutil.rmtree(part, ignore_errors=True)
    for earlier in copy.parent.glob("py3langid-*.npz"):  # the earlier layout: a whole copy per install
        earlier.unlink(missing_ok=True)


def identify(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and the model's probability for it (0 to 1)."""
    code, probability = _identifier().classify(text[:_SAMPLE_CHARACTERS])
    return code, round(float(probability), 4)


_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


def declared_code(value: str | None) -> str | None:
    """A declared language as an ISO 639-1 code: `en-US`, `en_GB`, `eng` and `English` are `en`;
    None when it names no language newslake knows."""
    if not value or not value.strip():
        return None
    match = _TAG.match(value)
    import pycountry

    if match:
        code = match.group(1).lower()
        found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    else:
        try:
            found = pycountry.languages.lookup(value.strip())
        except LookupError:
            found = None
    return getattr(found, "alpha_2", None)
