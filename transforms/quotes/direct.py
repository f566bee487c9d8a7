"""Direct quotations credited to their speakers by the words around the quote marks.

Attribution reads the words right after a quotation (`,” said X`, `,” X said`, `“- reports X`)
or right before it (`X said: “`, `according to X, “`); an unattributed quotation that reads like
speech continues the previous speaker in the same or the next paragraph. Short quoted terms that
nobody is said to speak ("red lines", a title) are kept as `scare` quotes, credited to nobody.
The rules are tried in the order of `RULES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Callable

from transforms.entities import Mention
from transforms.quotes.kinds import is_nickname, is_stage_direction, is_title, speechlike
from transforms.quotes.marks import DOUBLE_MARK, MARK, OPENING_DOUBLE, Piece, next_mark, pair_quote_marks
from transforms.quotes.quotations import DIRECT, SCARE, Attribution, Quotation, Quote
from transforms.parsing import ParsedSentence
from transforms.quotes.grammar import noun_phrase, subject_of
from transforms.quotes.speakers import is_pronoun, pronouns, speaker_entity
from transforms.rules import sectioned_list, word_list

if TYPE_CHECKING:
    from spacy.tokens import Token

    from transforms.articles import Article

_WORD = re.compile(r"[\w’'.-]+|[^\w\s]")
_PHRASE_END = re.compile(r"[,;:!?()\"“”«»]|\.(?=\s|$)|\s(?:who|which|that|in|on|at|after|before|during|when|while|as)\s")
_ADVERB_WORDS = frozenset(
    "also later then now once still again recently previously earlier simply further finally often always never "
    "usually just even has had have having would will was is are were did does might may could should can must shall".split()
)
# Lower case only: "Italy", "Bly" are names; the nouns in -ly are spelled out ("the family would say").
_ADVERB = re.compile(r"(?!(?:family|ally|rally|assembly|supply|monopoly|anomaly|folly|bully|belly)\b)[a-z]+ly|" + "|".join(sorted(_ADVERB_WORDS)))
_DASHES = frozenset({"-", "–", "—", "―", "--"})
_CLAUSE_WORDS = frozenset(
    {"and", "but", "as", "while", "when", "after", "because", "although", "though", "so", "that", "who", "which", "what", "where", "if"}
)
_LEAD = re.compile(r"[\s,\"”’'»]*(?:(?:--|[-–—―])\s*)?")
_TRANSCRIPT = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "one", "another"})
_MAX_SPEAKER_WORDS = 12
# Words that open a clause or an introductory phrase, never a speaker's name.
_NOT_SUBJECTS = frozenset(
    "that to it in on at for with about if whether how what during after before since while when as "
    "without despite following meanwhile later earlier yesterday today tonight however still then now also".split()
)
# Of those, the ones that open a phrase before a speaker's name (`During the speech Trump said`).
_PHRASE_OPENERS = _NOT_SUBJECTS - {"it"}
# Capitalised sentence openers that are not a speaker ("This is how …:", "Here is …:").
_STARTERS_NOT_NAMES = frozenset({"this", "that", "these", "those", "here", "there", "it", "in", "on", "at", "for", "but", "and", "so", "the", "a", "an"})


def direct_quotes(article: "Article", mentions: list[Mention], parses: dict[int, ParsedSentence] | None = None) -> list[Quote]:
    """All quoted pieces of one article, direct speech attributed where the text says who spoke.

    Args:
        article: the segmented article.
        mentions: its linked entity mentions (speakers resolve to these).
        parses: its parsed sentences by index; the grammar rules need them, the others do not.

    Returns:
        One `Quote` per piece in text order; pieces of one quotation share `group`.
    """
    text = article.text
    context = _Context(text, article, parses or {})
    pieces = pair_quote_marks(text, [(p.start, p.end) for p in article.paragraphs])
    quotations = _split_transcript_turns(text, _group(pieces))
    paragraph_of = _paragraph_index(article)
    for quotation in quotations:
        quotation.paragraph = paragraph_of(quotation.pieces[0].open_start)
        quotation.attribution = _attribute(context, quotation)
        quotation.speechlike = speechlike(text, quotation, article)
        if quotation.attribution is None and quotation.speechlike:
            quotation.attribution = _attribute_speech(context, quotation)
    _join_split_quotes(text, quotations)
    _continue_speakers(quotations, paragraph_of)
    quote_spans = [(piece.start, piece.end) for quotation in quotations for piece in quotation.pieces]
    quotes: list[Quote] = []
    for group, quotation in enumerate(quotations):
        attribution = quotation.attribution
        if attribution and attribution.entity is None:
            attribution.entity = speaker_entity(text, attribution, mentions, quote_spans)
        for piece in quotation.pieces:
            quote = Quote(group, piece.start, piece.end, quotation.kind)
            if attribution and quotation.kind == DIRECT:
                quote = replace(
                    quote,
                    speaker_start=attribution.speaker_start,
                    speaker_end=attribution.speaker_end,
                    cue_start=attribution.cue_start,
                    cue_end=_trimmed_end(text, attribution.cue_start, attribution.cue_end),
                    speaker_entity_id=attribution.entity.entity_id if attribution.entity else None,
                    speaker_name=attribution.entity.entity_name if attribution.entity else None,
                    rule=attribution.rule,
                )
            quotes.append(quote)
    return sorted(quotes, key=lambda quote: quote.start)


# --- pairing -------------------------------------------------------------------------------------


def _group(pieces: list[Piece]) -> list[Quotation]:
    quotations: dict[int, Quotation] = {}
    for piece in sorted(pieces, key=lambda piece: piece.start):
        quotations.setdefault(piece.group, Quotation([])).pieces.append(piece)
    return sorted(quotations.values(), key=lambda quotation: quotation.pieces[0].start)


def _split_transcript_turns(text: str, quotations: list[Quotation]) -> list[Quotation]:
    """In a quoted transcript every `NAME:` paragraph is a turn of its own speaker."""
    turns: list[Quotation] = []
    for quotation in quotations:
        for piece in quotation.pieces:
            continues_turn = (
                piece is not quotation.pieces[0]
                and not _TRANSCRIPT.match(text, piece.start, piece.end)
                and not is_stage_direction(text, piece)
            )
            if continues_turn:
                turns[-1].pieces.append(piece)
            else:
                turns.append(Quotation([piece]))
    return turns


def _paragraph_index(article: "Article"):
    starts = [paragraph.start for paragraph in article.paragraphs]

    def paragraph_of(offset: int) -> int:
        low, high = 0, len(starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    return paragraph_of


# --- attribution ---------------------------------------------------------------------------------


@cache
def _cues() -> frozenset[str]:
    return word_list("cue_verbs.txt")


@dataclass(frozen=True)
class _Context:
    """One article as every rule reads it."""

    text: str
    article: "Article"
    parses: dict[int, ParsedSentence]

    def token_at(self, offset: int) -> "Token | None":
        """The parsed token that starts at `offset`, if its sentence was parsed."""
        parsed = self.parses.get(self.article.sentence_at(offset).index)
        if parsed is None:
            return None
        span = parsed.doc.char_span(offset - parsed.offset, offset - parsed.offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None


@dataclass(frozen=True)
class _After:
    """The words after a piece's closing mark, up to the end of its sentence or the next quotation."""

    lead: re.Match
    words: list[tuple[int, int]]
    limit: int


def _attribute(context: _Context, quotation: Quotation) -> Attribution | None:
    """The first attribution a rule finds: the words after each piece, then the words before."""
    for piece in quotation.pieces:
        after = _words_after(context.text, piece, context.article)
        for name, rule in RULES_AFTER_EACH_PIECE:
            found = rule(context, piece, after)
            if found and _cue_is_a_verb(context, found):
                return _as(name, found)
    for name, rule in RULES_BEFORE_QUOTATION:
        found = rule(context, quotation.pieces[0])
        if found and _cue_is_a_verb(context, found):
            return _as(name, found)
    return None


def _attribute_speech(context: _Context, quotation: Quotation) -> Attribution | None:
    for name, rule in RULES_FOR_SPEECH:
        found = rule(context, quotation.pieces[0])
        if found:
            return _as(name, found)
    return None


def _end_of_text_before(text: str, position: int) -> int:
    """Where the text before `position` ends, white space left out (without copying the text)."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _cue_is_a_verb(context: _Context, found: Attribution) -> bool:
    """`late-night tweets “…”`: a cue word the tagger read as a noun reports no speech."""
    if found.cue_start is None:
        return True
    token = context.token_at(found.cue_start)
    return token is None or not token.tag_.startswith("NN")


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]


def _word(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def _is_cue(word: str) -> bool:
    return word.lower().strip(".,:;!?") in _cues()


def _is_break(word: str) -> bool:
    return word in (",", ";", ":") or word in _DASHES or word.lower() in _CLAUSE_WORDS


def _transcript_speaker(text: str, piece: Piece) -> Attribution | None:
    """A transcript line quoted whole: `"WALLACE: Let's start..."`."""
    match = _TRANSCRIPT.match(text, piece.start, piece.end)
    if not match:
        return None
    return Attribution(match.start(1), match.end(1), None, None, rule="transcript_turn")


def _as(rule: str, found: Attribution | None) -> Attribution | None:
    """Record which rule found an attribution."""
    if found is not None and found.rule is None:
        found.rule = rule
    return found


def _words_after(text: str, piece: Piece, article: "Article") -> _After | None:
    """The words after a closing mark, or None when the quotation closed its sentence."""
    if not piece.closed:
        return None
    sentence = article.sentence_at(piece.close_end)
    limit = max(sentence.end, piece.close_end)
    quoted_end = text[piece.start : piece.end].rstrip()
    if limit == piece.close_end and quoted_end.endswith(("?", "!")) and sentence.index + 1 < len(article.sentences):
        # `"…Bobby Scott!" Scott's niece … shouted.`: the splitter ends the sentence at the mark,
        # but the next one, when it is the attribution, belongs to the quote.
        following = article.sentences[sentence.index + 1]
        if following.start - piece.close_end <= 2 and not next_mark(text, following.start, following.end):
            limit = following.end
    following = next_mark(text, piece.close_end, limit)
    if following and following.group() in OPENING_DOUBLE:
        limit = following.start()
    if re.match(r"\s*[.!?]", text[piece.close_end : limit]) or (quoted_end.endswith((".", "!", "?")) and not text[piece.close_end : limit].strip(" ,-–—―")):
        return None  # the quotation closed its sentence
    lead = _LEAD.match(text, piece.close_end, limit)
    words = _words(text, lead.end(), limit)
    return _After(lead, words, limit) if words else None


def _after_rule(read: Callable[[str, _After], Attribution | None]) -> Callable[[_Context, Piece, _After | None], Attribution | None]:
    """A rule that reads only the words after the piece."""
    return lambda context, piece, after: read(context.text, after) if after else None


def _verb_and_subject_after_quote(context: _Context, piece: Piece, after: _After | None) -> Attribution | None:
    """`“…,” muttered Ellis, shaking his head`, `“…,” she laughed`: any verb right after the
    quotation whose subject stands beside it."""
    if after is None:
        return None
    first = context.token_at(after.words[0][0])
    if first is None:
        return None
    doc = first.doc
    verb = first if first.tag_ in ("VBD", "VBZ") else next((t for t in doc[first.i : first.i + 5] if t.tag_ in ("VBD", "VBZ")), None)
    if verb is None:
        return None
    subject = subject_of(verb)
    if subject is None or subject.dep_ != "nsubj" or not (subject.tag_.startswith("NNP") or subject.tag_ == "PRP"):
        return None
    phrase = doc[min(verb.i, subject.left_edge.i) : max(verb.i, subject.right_edge.i) + 1]
    if any(token.tag_.startswith("VB") and token.i != verb.i for token in phrase) or phrase[0].i != first.i:
        return None  # the verb and its subject must open the words after the quote, nothing else
    parsed = context.parses[context.article.sentence_at(after.words[0][0]).index]
    speaker = noun_phrase(parsed, subject)
    return Attribution(speaker.start, speaker.end, parsed.start(verb), parsed.end(verb), pronoun=subject.tag_ == "PRP")


def _cue_governs_quote(context: _Context, piece: Piece) -> Attribution | None:
    """`Cruz called Trump a "bully" and a "narcissist at a level …"`, `protesters marched while
    chanting, "Hands up, don't shoot."`: the quotation hangs in the parse on a cue verb, however
    far away; its subject (or the subject of the verb it hangs on) speaks."""
    token = context.token_at(piece.start)
    if token is None:
        return None
    parsed = context.parses[context.article.sentence_at(piece.start).index]
    while token.head.i != token.i:
        token = token.head
        if piece.open_start <= parsed.start(token) < piece.close_end:
            continue
        if token.tag_.startswith("VB") and _is_cue(token.text):
            subject = subject_of(token)
            if subject is None or piece.open_start <= parsed.start(subject) < piece.close_end:
                return None
            speaker = noun_phrase(parsed, subject)
            return Attribution(speaker.start, speaker.end, parsed.start(token), parsed.end(token), pronoun=subject.tag_ == "PRP")
    return None


def _colon_line(context: _Context, piece: Piece) -> Attribution | None:
    """`From Senator Ortiz:` alone on the line before a quotation: a name, no verb."""
    text = context.text
    end = _end_of_text_before(text, piece.open_start)
    line_start = text.rfind("\n", 0, end) + 1
    if not text.endswith(":", 0, end) or "\n" not in text[end : piece.open_start]:
        return None
    words = _words(text, line_start, end - 1)
    if not words or len(words) > 6 or any(_is_cue(_word(text, span)) or MARK.fullmatch(_word(text, span)) for span in words):
        return None
    if _word(text, words[0]).lower() in ("from", "by"):
        words = words[1:]
    if not words or not all(_word(text, span)[:1].isupper() or _word(text, span) in (".", "of", "the") for span in words):
        return None
    return Attribution(words[0][0], words[-1][1], None, None)


def _lead_in_subject(context: _Context, piece: Piece) -> Attribution | None:
    """A quotation that opens its paragraph after a lead-in ending with a colon (`The finance
    minister, Jane Doe, spoke to reporters and gave a statement:`): the subject of the lead-in's
    main verb, read from the parse (a role noun gives way to the name in apposition)."""
    text = context.text
    end = _end_of_text_before(text, piece.open_start)
    if not text.endswith(":", 0, end) or "\n" not in text[end : piece.open_start]:
        return None
    sentence = context.article.sentence_at(end - 1)
    parsed = context.parses.get(sentence.index)
    if parsed is None:
        return None
    root = next((token for token in parsed.doc if token.dep_ == "ROOT"), None)
    subject = subject_of(root) if root is not None and root.tag_.startswith("VB") else None
    if subject is None or subject.tag_ in ("WP", "EX") or subject.lower_ in ("it", "this", "that", "there"):
        return None
    speaker = noun_phrase(parsed, subject)
    return Attribution(speaker.start, speaker.end, parsed.start(root), parsed.end(root), pronoun=subject.tag_ == "PRP")


def _transcript_turn(context: _Context, piece: Piece, after: _After | None) -> Attribution | None:
    return _transcript_speaker(context.text, piece)


def _cue_then_speaker_after(context: _Context, piece: Piece, after: _After | None) -> Attribution | None:
    return _cue_then_speaker(context.text, after.words, after.limit, dashed=bool(after.lead.group().strip(" ,"))) if after else None


def _dash_signature_after(context: _Context, piece: Piece, after: _After | None) -> Attribution | None:
    return _dash_signature(context.text, after.lead, after.words, after.limit) if after else None


def _before_quote(context: _Context, piece: Piece) -> Attribution | None:
    return _attribution_before(context.text, piece, context.article)


def _cue_then_speaker(text: str, words: list[tuple[int, int]], limit: int, dashed: bool) -> Attribution | None:
    """`,” said X` / `“- reports X` / `,” according to X`."""
    first = _word(text, words[0])
    if first.lower() == "according" and len(words) > 1 and _word(text, words[1]).lower() == "to":
        return _speaker_after_cue(text, words[0][0], words[1][1], limit)
    if _is_cue(first) and (first[0].islower() or dashed):
        return _speaker_after_cue(text, words[0][0], words[0][1], limit)
    return None


def _speaker_then_cue(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`,” X said` / `,” Sen. X (R-Ky.) said` / `,” X, the senator from Ohio, said`."""
    for index, span in enumerate(words[: _MAX_SPEAKER_WORDS + 2]):
        word = _word(text, span)
        if index and _is_cue(word) and word[0].islower():
            return _attribution_from(text, words[:index], span)
        if index and _is_break(word) and not _inside_parenthesis(text, words[0][0], span[0]):
            if word == "," and _abbreviation_comma(text, words, index):
                continue
            if word == ",":
                return _apposition_then_cue(text, words, index)
            return None
    return None


def _abbreviation_comma(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """The commas of `McConnell, R-Ky., said` or `Smith, 52, said` do not end the speaker."""
    following = _word(text, words[index + 1]) if index + 1 < len(words) else ""
    return bool(re.fullmatch(r"[A-Z]-[A-Z][a-z]*\.?|\d{1,3}", following))


def _apposition_then_cue(text: str, words: list[tuple[int, int]], comma: int) -> Attribution | None:
    """`,” Scott Pruitt, the attorney general of Oklahoma, said`: the name before the comma speaks."""
    for index in range(comma + 1, min(len(words), comma + 30)):
        word = _word(text, words[index])
        if word in (";", ":") or word in _DASHES:
            return None
        if _is_cue(word) and word[0].islower() and _word(text, words[index - 1]) in (",",) + tuple(_ADVERB_WORDS):
            return _attribution_from(text, words[:comma], words[index])
    return None


def _clause_final_attribution(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`...” for criminal behavior, she said.`: the sentence's last clause names the speaker."""
    commas = [index for index, span in enumerate(words) if _word(text, span) == ","]
    for comma in reversed(commas):
        clause = words[comma + 1 :]
        for index, span in enumerate(clause[: _MAX_SPEAKER_WORDS + 1]):
            word = _word(text, span)
            if index and _is_cue(word) and word[0].islower():
                return _attribution_from(text, clause[:index], span)
            if _is_break(word):
                break
    return None


def _dash_signature(text: str, lead: re.Match, words: list[tuple[int, int]], limit: int) -> Attribution | None:
    """`“...” — Pamela Padilla`: a name signed after a dash, with no verb."""
    if not lead.group().strip(" ,") or not _word(text, words[0])[:1].isupper():
        return None
    end = _clause_end(text, words[0][0], limit)
    name = text[words[0][0] : end].rstrip().rstrip(".").rstrip()
    if name and len(name.split()) <= 5 and all(part[0].isupper() or part in ("de", "van", "von", "al") for part in name.split()):
        return Attribution(words[0][0], words[0][0] + len(name), None, None)
    return None


def _attribution_from(text: str, speaker_words: list[tuple[int, int]], cue: tuple[int, int]) -> Attribution | None:
    """Speaker words right before a cue, without trailing adverbs or auxiliaries ("X has said")."""
    while speaker_words and _ADVERB.fullmatch(_word(text, speaker_words[-1])):
        speaker_words = speaker_words[:-1]
    while speaker_words and _word(text, speaker_words[-1]) == ",":
        speaker_words = speaker_words[:-1]
    if speaker_words and _word(text, speaker_words[0]).lower() in _PHRASE_OPENERS | _CLAUSE_WORDS:
        speaker_words = _final_name(text, speaker_words)
    for index in range(1, len(speaker_words)):
        # `President Trump delivered a speech declaring “…”`: a past tense right after a name ends it
        word, before = _word(text, speaker_words[index]), _word(text, speaker_words[index - 1])
        if re.fullmatch(r"[a-z]{2,}ed", word) and before[:1].isupper() and not before.endswith("ly"):
            speaker_words = speaker_words[:index]
            break
    if not speaker_words:
        return None
    start, end = speaker_words[0][0], speaker_words[-1][1]
    if not _plausible_speaker(text, start, end):
        return None
    return Attribution(start, end, cue[0], cue[1], pronoun=is_pronoun(text, start, end))


def _final_name(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The name (or, after a phrase, the pronoun) ending words that open with a phrase or a clause
    word: `During the speech Trump`, `On television he`, `” while Minister Joachim Brudziński`;
    not `” when he said …`, where a new clause starts."""
    last = _word(text, words[-1])
    if last.lower() in pronouns():
        return words[-1:] if _word(text, words[0]).lower() not in _CLAUSE_WORDS else []
    run: list[tuple[int, int]] = []
    for span in reversed(words[1:]):
        if not _word(text, span)[:1].isupper():
            break
        run.insert(0, span)
    if run and _word(text, run[0]) in _WEEKDAYS_AND_MONTHS:
        return []
    return run


_WEEKDAYS_AND_MONTHS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December".split()
)


def _inside_parenthesis(text: str, start: int, position: int) -> bool:
    return text.count("(", start, position) > text.count(")", start, position)


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where a speaker's phrase ends; the period of a title or an initial does not end it
    (`said Rep. Jason Chaffetz`, `said Ronald R. Smith`)."""
    for match in _PHRASE_END.finditer(text, start, limit):
        if match.group() == "." and _abbreviated(text, match.start()):
            continue
        return match.start()
    return limit


def _abbreviated(text: str, period: int) -> bool:
    word = re.search(r"([A-Za-z]+)$", text[max(0, period - 12) : period])
    return bool(word) and (word.group(1).lower() in _titles() or (len(word.group(1)) == 1 and word.group(1).isupper()))


@cache
def _titles() -> frozenset[str]:
    return sectioned_list("abbreviations.txt").get("title", frozenset())


def _speaker_after_cue(text: str, cue_start: int, cue_end: int, limit: int) -> Attribution | None:
    start = cue_end
    while start < limit and text[start].isspace():
        start += 1
    end = _clause_end(text, start, limit)
    words = _words(text, start, end)
    if not words:
        return None
    if _word(text, words[0]).lower() in _NOT_SUBJECTS:
        return None  # `” suggests that Phoenix…`, `,” adding that…`: a clause, not a speaker
    end = words[min(len(words), _MAX_SPEAKER_WORDS) - 1][1]
    while end > start and text[end - 1] in ".,":
        end -= 1
    if not _plausible_speaker(text, start, end):
        return None
    return Attribution(start, end, cue_start, cue_end, pronoun=is_pronoun(text, start, end))


def _attribution_before(text: str, piece: Piece, article: "Article") -> Attribution | None:
    """`X said: “` / `X told reporters, “` / `according to X, “` in the words before the quote."""
    sentence = article.sentence_at(piece.open_start)
    start = sentence.start
    before = text[start : piece.open_start]
    if not before.strip():
        if sentence.index and article.sentences[sentence.index - 1].paragraph_index == sentence.paragraph_index:
            # `…over Syria, Schiff said. “The other factor…”`: a quote that follows, in the same
            # paragraph, a sentence ending in an attribution goes on in that speaker's words.
            return _as("previous_sentence_cue", _ending_attribution(text, article.sentences[sentence.index - 1]))
        # A paragraph that is only a quote: the attribution may end the paragraph before ("He said:").
        end = _end_of_text_before(text, piece.open_start)
        if not text.endswith(":", 0, end):
            return None
        sentence = article.sentence_at(end - 1)
        start, before = sentence.start, text[sentence.start : end]
    according = list(re.finditer(r"\b[Aa]ccording to\b", before))
    if according:
        found = _speaker_after_cue(text, start + according[-1].start(), start + according[-1].end(), piece.open_start)
        if found:
            return _as("according_to", found)
    words = _words(text, start, start + len(before.rstrip()))
    if not words:
        return None
    tail = _word(text, words[-1])
    introduced = tail in (":", ",") or tail.lower() == "that" or _is_cue(tail)
    # A partial quotation ending a reported clause ("He said the U.S. is “focused on …”") is
    # credited to the clause's speaker when it is a phrase, not a quoted term.
    reach = 9 if introduced else (len(words) if _n_words(text, piece) >= 4 else 0)
    for index in range(len(words) - 1, max(-1, len(words) - 1 - reach), -1):
        word = _word(text, words[index])
        if _is_cue(word) and word[0].islower() and not _not_reporting(text, words, index):
            if word.lower().endswith("ing") and index and _word(text, words[index - 1]) in (",", "by"):
                # `He then defended the remark, saying, “…”`, `He continued by announcing, “…”`: the
                # participle's subject opens the sentence; else an earlier cue may name the speaker.
                found = _sentence_subject(text, words[:index], words[index])
                if found:
                    return _as("participle_subject", found)
                continue
            return _as("speaker_then_cue_before_quote", _speaker_before_cue(text, words[:index], words[index])) or _as(
                "sentence_opens_with_speaker", _opening_attribution(text, words)
            )
        if not introduced and word in (";", ":") or MARK.fullmatch(word):
            break
    if introduced:
        found = _as("sentence_opens_with_speaker", _opening_attribution(text, words)) or _as("inverted_cue", _inverted_attribution(text, words[:-1]))
        if found:
            return found
    if tail == ":" and _n_words(text, piece) >= 2:
        # `On July 6, Sanders made the following comment: “…”`: the subject of the introducing
        # clause, else of the sentence; with no cue verb, the attribution has no cue.
        commas = [index for index, span in enumerate(words) if _word(text, span) == ","]
        return _as("colon_introduction", (commas and _sentence_subject(text, words[commas[-1] + 1 : -1])) or _sentence_subject(text, words[:-1]))
    return None


def _inverted_attribution(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`Said Ellis: “…”`, `Added the senator, “…”`: a clause that opens with its cue, then the speaker."""
    clause = _words(text, words[0][0], words[-1][1]) if words else []
    breaks = [index for index, span in enumerate(clause) if _word(text, span) in (".", ";", ":", ",")]
    clause = clause[breaks[-1] + 1 :] if breaks else clause
    if len(clause) < 2 or not _is_cue(_word(text, clause[0])) or not _word(text, clause[0])[:1].isupper():
        return None
    speaker = clause[1:]
    start, end = speaker[0][0], speaker[-1][1]
    if len(speaker) > 6 or not _plausible_speaker(text, start, end):
        return None
    return Attribution(start, end, *clause[0], pronoun=is_pronoun(text, start, end))


def _not_reporting(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """A cue word that reports no speech: a noun after a possessive or an article (`Mr. Obama's
    remarks “…”`, `the saying “…”`), or a name given right before the quote by no speaker
    (`a program called “…”`, not `what Trump called “…”`)."""
    previous = _word(text, words[index - 1]) if index else ""
    if previous.lower() in _NOUN_DETERMINERS or previous.lower().endswith(("'s", "’s")):
        return True
    naming = _word(text, words[index]).lower() in ("called", "calls", "dubbed", "termed")
    return naming and index == len(words) - 1 and not (previous[:1].isupper() or previous.lower() in pronouns())


# Not "that" or "this", which may open a clause before a verb ("officials that said").
_NOUN_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "these", "those"})


def _opening_attribution(text: str, words: list[tuple[int, int]]) -> Attribution | None:
    """`She then urges her husband … and repeatedly says, “…”`, `She added that …, “…”`: the
    sentence opens with its speaker and a cue verb (an adverb may stand between)."""
    subject = _sentence_subject(text, words)
    if subject is None:
        return None
    following = [span for span in words if span[0] >= subject.speaker_end]
    if following and _word(text, following[0]) == ",":
        # `Marc H. Morial, the chief executive of the National Urban League, forcefully told …`
        closing = next((index for index, span in enumerate(following[1:31], 1) if _word(text, span) == ","), None)
        following = following[closing + 1 :] if closing else []
    for span in following[:2]:
        word = _word(text, span)
        if _is_cue(word) and word[0].islower():
            subject.cue_start, subject.cue_end = span
            return subject
        if not _ADVERB.fullmatch(word):
            break
    return None


def _ending_attribution(text: str, sentence) -> Attribution | None:
    """`…, Schiff said.`: a sentence of reported speech whose last clause names the speaker."""
    words = _words(text, sentence.start, sentence.end)
    if len(words) < 3 or DOUBLE_MARK.search(text, sentence.start, sentence.end):
        return None
    cue = _word(text, words[-1])  # "said." is one word
    if not (cue.endswith(".") and _is_cue(cue) and cue[0].islower() and not cue.lower().rstrip(".").endswith("ing")):
        return None
    return _clause_final_attribution(text, words)


def _sentence_subject(text: str, words: list[tuple[int, int]], cue: tuple[int, int] | None = None) -> Attribution | None:
    """The name or pronoun opening a sentence (`Dean, a former chairman, poked…`), before its verb,
    as the speaker of `cue` (or of no cue).

    An introductory phrase (`During a speech on Monday, Trump attacked…`) is skipped.
    """
    first = _word(text, words[0]) if words else ""
    commas = [index for index, span in enumerate(words[:16]) if _word(text, span) == ","]
    if first.lower() in _NOT_SUBJECTS:
        return _sentence_subject(text, words[commas[0] + 1 :], cue) if commas else None
    if first.endswith("ing") and commas:
        # `Having left the team, Derakhshani…`; not `Boeing did not…`, which has no subject after its comma
        found = _sentence_subject(text, words[commas[0] + 1 :], cue)
        if found:
            return found
    cue_start, cue_end = cue or (None, None)
    if first.lower() in ("he", "she", "they"):
        return Attribution(*words[0], cue_start, cue_end, pronoun=True)
    run: list[tuple[int, int]] = []
    for span in words:
        word = _word(text, span)
        if not (word[:1].isupper() or (run and word.lower() in ("of", "the", "de", "van", "von"))):
            break
        run.append(span)
    if not run or len(run) == len(words) or first.lower() in _STARTERS_NOT_NAMES:
        return None
    following = _word(text, words[len(run)])
    if following == ",":
        # `Dean, a former chairman, poked…`; not `Meanwhile, it attacked…`
        after = _word(text, words[len(run) + 1]).lower() if len(run) + 1 < len(words) else ""
        if len(run) == 1 and after not in _DETERMINERS | {"who"}:
            return None
    elif not following[:1].islower():
        return None
    return Attribution(run[0][0], run[-1][1], cue_start, cue_end)


def _n_words(text: str, piece: Piece) -> int:
    return len(text[piece.start : piece.end].split())


def _speaker_before_cue(text: str, words: list[tuple[int, int]], cue: tuple[int, int]) -> Attribution | None:
    if words and _word(text, words[-1]) == ",":
        # `Rucker Culpepper, who runs Clinton's effort for veterans' families, said, “…”`: the name
        # before the apposition speaks.
        for index in range(len(words) - 2, max(-1, len(words) - 32), -1):
            word = _word(text, words[index])
            if word in (";", ":") or MARK.fullmatch(word):
                return None
            if word == ",":
                found = _speaker_before_cue(text, words[:index], cue) if index else None
                apposition = words[index + 1 : -1]
                if found and 0 < len(apposition) <= 4 and all(_word(text, span)[:1].isupper() for span in apposition):
                    found.speaker_end = apposition[-1][1]  # `The Senate Minority Leader, Chuck Schumer, said`
                return found
        return None
    kept: list[tuple[int, int]] = []
    for span in reversed(words):
        if _is_break(_word(text, span)) and not _inside_parenthesis(text, span[0], kept[-1][1] if kept else span[1]):
            break
        kept.insert(0, span)
        if len(kept) >= _MAX_SPEAKER_WORDS:
            break
    # "panel Chairman Rep. Jason Chaffetz said": keep the phrase from its first name-like word; a
    # phrase opener stays, for `_attribution_from` to keep the name that ends the phrase.
    while kept and _word(text, kept[0]).lower() not in _PHRASE_OPENERS and not _plausible_speaker(text, kept[0][0], kept[-1][1]):
        kept.pop(0)
    return _attribution_from(text, kept, cue) if kept else None


def _plausible_speaker(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    if not words or len(words) > _MAX_SPEAKER_WORDS or any(mark in text[start:end] for mark in '"“”«»?!'):
        return False
    first = words[0].lower()
    if first in pronouns():
        return True
    if first in _PHRASE_OPENERS or (len(words) == 1 and first in _DETERMINERS):
        return False  # `Following a swiftly called meeting`: an introductory phrase
    if words[0][0].isupper() or first in _DETERMINERS:
        return True
    # "panel Chairman Rep. Jason Chaffetz": a short lower-case lead-in before a name.
    return any(word[0].isupper() for word in words[1:4])


def _join_split_quotes(text: str, quotations: list[Quotation]) -> None:
    """`“A,” he said, “B.”`: B joins A's quotation, and with it A's speaker."""
    index = 1
    while index < len(quotations):
        previous, current = quotations[index - 1], quotations[index]
        attribution, last = previous.attribution, previous.pieces[-1]
        if (
            attribution
            and last.closed
            and last.close_end <= attribution.speaker_start
            and attribution.speaker_end <= current.pieces[0].open_start
            and (current.attribution is None or current.attribution.speaker_start == attribution.speaker_start)
            and re.fullmatch(r"[^.!?\"“”]*[,:]\s*", text[last.close_end : current.pieces[0].open_start])
        ):
            previous.pieces.extend(current.pieces)
            quotations.pop(index)
            continue
        index += 1
    for quotation in quotations:
        group = quotation.pieces[0].group
        quotation.pieces = [replace(piece, group=group) for piece in quotation.pieces]
        speech = quotation.attribution or quotation.speechlike
        quotation.kind = DIRECT if speech and not is_title(text, quotation) and not is_nickname(text, quotation) else SCARE
        if quotation.kind == SCARE:
            quotation.attribution = None


def _trimmed_end(text: str, start: int | None, end: int | None) -> int | None:
    if start is None or end is None:
        return end
    return start + len(text[start:end].rstrip(".,:;!?"))


def _continue_speakers(quotations: list[Quotation], paragraph_of) -> None:
    """An unattributed quotation that reads like speech goes on with the previous speaker."""
    previous: Quotation | None = None
    for quotation in quotations:
        if quotation.kind != DIRECT:
            continue
        if quotation.attribution is None and previous is not None and previous.attribution is not None:
            if quotation.paragraph - previous.paragraph <= 1:
                quotation.attribution = replace(previous.attribution, rule="continuation")
        previous = quotation


# --- the order in which the rules are tried -----------------------------------------------------

# Each piece of a quotation in turn: the words right after its closing mark.
RULES_AFTER_EACH_PIECE: tuple[tuple[str, Callable[[_Context, Piece, _After | None], Attribution | None]], ...] = (
    ("transcript_turn", _transcript_turn),  # `"WALLACE: Let's start…`
    ("cue_then_speaker_after_quote", _cue_then_speaker_after),  # `,” said X`, `“- reports X`, `,” according to X`
    ("speaker_then_cue_after_quote", _after_rule(lambda text, after: _speaker_then_cue(text, after.words))),  # `,” X said`
    ("clause_final_cue", _after_rule(lambda text, after: _clause_final_attribution(text, after.words))),  # `…” for it, she said.`
    ("dash_signature", _dash_signature_after),  # `“…” — Pamela Padilla`
    ("verb_and_subject_after_quote", _verb_and_subject_after_quote),  # `,” muttered Ellis, shaking his head`
)
# Then the words before the quotation's first piece.
RULES_BEFORE_QUOTATION: tuple[tuple[str, Callable[[_Context, Piece], Attribution | None]], ...] = (
    # in this order inside: previous_sentence_cue (`X said. “…”`), according_to, speaker_then_cue_before_quote
    # (`X said: “`), participle_subject (`…, saying “`), sentence_opens_with_speaker, inverted_cue
    # (`Said Ellis: “`), colon_introduction (`X made the following comment: “`)
    ("before_quote", _before_quote),
    ("colon_line", _colon_line),  # `From Senator Ortiz:` on its own line
    ("lead_in_subject", _lead_in_subject),  # `The minister, Jane Doe, gave a statement:` then the quotation
)
# Last, only for a quotation that reads like speech (a term in quote marks stays a term): the parse.
RULES_FOR_SPEECH: tuple[tuple[str, Callable[[_Context, Piece], Attribution | None]], ...] = (
    ("cue_governs_quote", _cue_governs_quote),  # `Cruz called Trump a "bully" and a "narcissist …"`
)
# After these, `transforms.quotes` credits a quotation that is a speech verb's clause object to the
# verb's subject (rule `cue_verb_subject`), and `_continue_speakers` lets an unattributed speech-like
# quotation go on in the previous speaker's words (rule `continuation`).
