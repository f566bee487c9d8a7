"""Part-of-speech tags and dependencies, only for the sentences that can carry speech.

Parsing every sentence would double the cost of NER (about 2.0x with the sm model); attribution
needs grammar only where someone may be speaking: a sentence that holds a quote mark, a speech
verb's word form or "according to", and the sentence after one whose quotation runs on. On news
that is about half the words, and tagger + parser on them cost about a third of NER.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Iterator, Sequence

from transforms.entities.recognition import load_model, load_pipeline
from transforms.rules import lines, word_list

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from transforms.reading.articles import Article

# NER runs in its own pipeline (transforms.entities.recognition.load_model); these are the rest of the model
# that attribution does not read (lemmas come from the speech-verb table, sentences from our splitter).
_PARSER_EXCLUDE = ("ner", "lemmatizer", "attribute_ruler", "senter")
_DOUBLE_MARK = re.compile(r"''|``|[“”„‟«»\"]")
_WORD = re.compile(r"[A-Za-z]+")
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedSentence:
    """One sentence's spaCy `Doc`; `offset` turns a token's `idx` into an offset in the article text."""

    index: int
    offset: int
    doc: "Doc"

    def start(self, token: "Token") -> int:
        return self.offset + token.idx

    def end(self, token: "Token") -> int:
        return self.offset + token.idx + len(token)


def token_at(article: "Article", parses: dict[int, ParsedSentence], offset: int) -> "Token | None":
    """The parsed token at an offset of the article text, if its sentence was parsed."""
    parsed = parses.get(article.sentence_at(offset).index)
    if parsed is None:
        return None
    span = parsed.doc.char_span(offset - parsed.offset, offset - parsed.offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


@cache
def speech_verbs() -> dict[str, str]:
    """Word form -> lemma of the verbs that report speech (`transforms/rules/speech_verbs.tsv`)."""
    table = {}
    for line in lines("speech_verbs.tsv"):
        lemma, forms, _ = line.split("\t")
        verb = lemma.split()[0]
        for form in (verb, *forms.split()):
            table[form.lower()] = lemma
    return table


@cache
def speech_objects() -> dict[str, frozenset[str]]:
    """Lemma -> the kinds of object that carry what was said: clause, infinitive, noun."""
    return {line.split("\t")[0]: frozenset(line.split("\t")[2].split()) for line in lines("speech_verbs.tsv")}


@cache
def _cue_forms() -> frozenset[str]:
    return frozenset(speech_verbs()) | word_list("cue_verbs.txt") | word_list("speech_nouns.txt")


@cache
def load_parser(name: str) -> "Language":
    """The model's tagger and parser (with the tok2vec they listen to), once per process, sharing
    the vocabulary of the NER pipeline."""
    return load_pipeline(name, _PARSER_EXCLUDE, "parser", vocab=load_model(name).vocab)


def may_carry_speech(text: str) -> bool:
    """A quote mark, a speech verb's word form, a speech noun or "according to": worth parsing.
    A capitalised form after the first word is part of a name ("United States", "Washington
    Post"), no cue, except in a headline: on PolNeAR those names alone sent 4.7 % of the words to
    the parser."""
    if _DOUBLE_MARK.search(text) or _ACCORDING.search(text):
        return True
    forms = _cue_forms()
    words = _WORD.findall(text)
    headline = sum(word[:1].isupper() for word in words) > 0.6 * len(words)  # "Obama Says Museum Will …"
    return any(word.lower() in forms and (index == 0 or headline or not word[:1].isupper()) for index, word in enumerate(words))


def sentences_to_parse(article: "Article") -> list[int]:
    """Indexes of the sentences that may carry speech, plus the sentence a quotation runs on into."""
    text = article.text
    chosen: set[int] = set()
    for sentence in article.sentences:
        words = text[sentence.start : sentence.end]
        if may_carry_speech(words):
            chosen.add(sentence.index)
            if len(_DOUBLE_MARK.findall(words)) % 2 and sentence.index + 1 < len(article.sentences):
                chosen.add(sentence.index + 1)  # an open quotation goes on in the next sentence
    return sorted(chosen)  # (no sentence is longer than limits.SENTENCE_CHARS: the parser's cost is bounded)


def parse_sentences(parser: "Language", articles: Sequence["Article"], batch_size: int = 256) -> list[dict[int, ParsedSentence]]:
    """Parse the chosen sentences of many articles in one `nlp.pipe` call.

    Returns:
        Per article, its parsed sentences by sentence index.
    """
    chosen = [(number, article.sentences[index]) for number, article in enumerate(articles) for index in sentences_to_parse(article)]
    parsed: list[dict[int, ParsedSentence]] = [{} for _ in articles]
    texts: Iterator[str] = (articles[number].text[sentence.start : sentence.end] for number, sentence in chosen)
    for (number, sentence), doc in zip(chosen, parser.pipe(texts, batch_size=batch_size)):
        parsed[number][sentence.index] = ParsedSentence(sentence.index, sentence.start, doc)
    return parsed
