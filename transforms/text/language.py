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

import re
from functools import lru_cache

# The language whose documents get sentences, entities and quotes: the spaCy model is English.
NLP_LANGUAGE = "en"
# Enough text to tell a language apart (the eval paragraphs are 460 to 1,400 characters); the
# identifier costs about 1 ms a thousand characters, and a long article would pay it whole.
_SAMPLE_CHARACTERS = 2_000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


def load_identifier() -> None:
    """Load the model now, ahead of the first text (unpacking it takes 0.5 s of processor time)."""
    _identifier()


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
