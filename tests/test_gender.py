"""Gender from the text's own evidence: titles before a name and the pronouns used for the person."""

import re

from transforms.collection.gender import Person, gender_evidence, person_genders

TEXT = (
    "Mill closure angers town\n\n"
    "Mrs Ellis, who has run the bakery for 30 years, said her customers were worried. "
    "Tom Reid met Jane Ellis on Monday. "
    "\"She is right about the jobs,\" Reid said.\n\n"
    "\"We will fight,\" he said. "
    "Councilwoman Ana Ortiz backed the workers. "
    "She called for a vote."
)


def people(text, names):
    """One Person per occurrence of each (words, entity_id), as NER and linking would give."""
    return sorted((Person(m.start(), m.end(), entity_id) for words, entity_id in names for m in re.finditer(re.escape(words), text)),
                  key=lambda person: person.start)


def sentences(text):
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+?(?:[.!?](?=\s|$)|\"(?=\s)|$)", text) if m.group().strip()]


def at(words, entity_id, where):
    start = TEXT.index(where)
    return Person(start, start + len(words), entity_id)


# The PERSON mentions NER and linking give.
PEOPLE = [at("Ellis", "ellis", "Ellis,"), at("Tom Reid", "reid", "Tom Reid"), at("Jane Ellis", "ellis", "Jane Ellis"),
          at("Reid", "reid", "Reid said"), at("Ana Ortiz", "ortiz", "Ana Ortiz")]
HE_SAID = TEXT.index("he said")
QUOTES = [
    {"kind": "direct", "start_char": TEXT.index("She is"), "end_char": TEXT.index(",\" Reid"), "speaker": "Reid",
     "speaker_start": TEXT.index("Reid said"), "speaker_entity_id": "reid"},
    {"kind": "direct", "start_char": TEXT.index("We will"), "end_char": TEXT.index(",\" he"), "speaker": "he",
     "speaker_start": HE_SAID, "speaker_entity_id": "reid"},
]


def test_titles_and_pronouns_give_the_evidence_rows():
    rows = gender_evidence("d1", TEXT, PEOPLE, sentences(TEXT), QUOTES)
    assert [(row["entity_id"], row["gender"], row["kind"], row["cue"]) for row in rows] == [
        ("ellis", "female", "honorific", "Mrs"),
        ("ellis", "female", "pronoun", "her"),
        ("reid", "male", "speaker_pronoun", "he"),
        ("ortiz", "female", "noun", "Councilwoman"),
        ("ortiz", "female", "next_pronoun", "She"),
    ]
    assert rows[0] == {"doc_id": "d1", "entity_id": "ellis", "gender": "female", "kind": "honorific", "cue": "Mrs",
                       "start_char": TEXT.index("Mrs"), "end_char": TEXT.index("Mrs") + 3}


def test_a_pronoun_inside_a_quotation_or_in_a_sentence_naming_two_people_is_not_read():
    rows = gender_evidence("d1", TEXT, PEOPLE, sentences(TEXT), QUOTES)
    assert TEXT.index("She is") not in {row["start_char"] for row in rows}
    two = "Headline\n\nTom Reid told Jane Ellis that she had won."
    assert gender_evidence("d2", two, people(two, [("Tom Reid", "reid"), ("Jane Ellis", "ellis")]), sentences(two)) == []


def test_a_first_name_alone_is_no_evidence():
    text = "Headline\n\nMary Smith and John Brown spoke at the meeting."
    assert gender_evidence("d3", text, people(text, [("Mary Smith", "smith"), ("John Brown", "brown")]), sentences(text)) == []


def test_a_person_is_unknown_without_evidence_or_when_it_disagrees():
    evidence = [
        {"doc_id": "d1", "entity_id": "ellis", "gender": "female"}, {"doc_id": "d2", "entity_id": "ellis", "gender": "female"},
        {"doc_id": "d1", "entity_id": "ellis", "gender": "female"}, {"doc_id": "d2", "entity_id": "ellis", "gender": "male"},
        {"doc_id": "d1", "entity_id": "reid", "gender": "male"}, {"doc_id": "d1", "entity_id": "reid", "gender": "female"},
    ]
    assert person_genders(["reid", "ellis", "ortiz"], evidence) == [
        {"entity_id": "ellis", "gender": "female", "n_female": 3, "n_male": 1, "n_documents": 2},
        {"entity_id": "ortiz", "gender": "unknown", "n_female": 0, "n_male": 0, "n_documents": 0},
        {"entity_id": "reid", "gender": "unknown", "n_female": 1, "n_male": 1, "n_documents": 1},
    ]


def test_the_rows_fit_the_declared_tables():
    from transforms.schema import COLLECTION_TABLES

    rows = gender_evidence("d1", TEXT, PEOPLE, sentences(TEXT), QUOTES)
    assert COLLECTION_TABLES["gender_evidence"].from_rows(rows).to_pylist() == rows
    genders = person_genders(["ellis", "reid", "ortiz"], rows)
    assert [row["gender"] for row in COLLECTION_TABLES["person_genders"].from_rows(genders).to_pylist()] == ["female", "female", "male"]


def split(text):
    """Sentences as the pipeline cuts them (transforms.text.sentences), per paragraph."""
    from transforms.text.sentences import paragraphs, sentences as cut

    return [(span.start, span.end) for paragraph in paragraphs(text) for span in cut(text, paragraph.start, paragraph.end)]


def cues(rows):
    return [(row["entity_id"], row["gender"], row["kind"], row["cue"]) for row in rows]


def test_a_pronoun_before_the_name_is_someone_else_and_so_is_the_same_pronoun_after_it():
    text = ("Heiress dies at 95\n\n"
            "Ms Vale married the author Wyatt Cole in 1963. She would later say her union with Cole was her only happy marriage. "
            "Cole died in 1978, and his son Carter became a journalist.")
    found = people(text, [("Vale", "vale"), ("Wyatt Cole", "cole"), ("Cole", "cole"), ("Carter", "carter")])
    assert cues(gender_evidence("d4", text, found, split(text))) == [("vale", "female", "honorific", "Ms"), ("carter", "male", "noun", "son")]


def test_a_gendered_someone_or_a_pronoun_no_name_took_in_the_sentence_before_blocks_that_gender():
    text = ("Fire kills five\n\n"
            "A fire service spokesman said the male victim is in intensive care with severe burns. "
            "Police press officer Monika Kos stated police believe him to be aged 25. "
            "Kos said police have been unable to question him. "
            "He currently advises Governor Larry Hogan. According to Twitter, he describes himself as a centrist. "
            "Anna Lee met the victim's family. She said they were grateful.")
    found = people(text, [("Monika Kos", "kos"), ("Kos", "kos"), ("Larry Hogan", "hogan"), ("Twitter", "twitter"), ("Anna Lee", "lee")])
    assert cues(gender_evidence("d5", text, found, split(text))) == [("lee", "female", "next_pronoun", "She")]


def quote(text, words, speaker, speaker_at, entity_id, kind="direct"):
    """A quote row for the quoted `words`, its speaker the `speaker` written at `speaker_at`."""
    start = text.index(words)
    return {"kind": kind, "start_char": start, "end_char": start + len(words), "speaker": speaker,
            "speaker_start": text.index(speaker_at), "speaker_entity_id": entity_id}


def test_a_speaker_pronoun_counts_only_for_a_likely_antecedent():
    text = ("Rugby results\n\n"
            "\"It's a better performance,\" coach Matt Myers said. "
            "Fitness was a big factor according to Jarrod Kidston. \"We've been working hard on our fitness,\" he said.\n\n"
            "Perttu Kallio challenged himself to write a game from scratch, he told Wikinews.\n\n"
            "Information Minister Michael Makuei paid tribute to John Luk. He said \"It is a great loss.\"")
    found = people(text, [("Matt Myers", "myers"), ("Jarrod Kidston", "kidston"), ("Wikinews", "wikinews"),
                          ("Michael Makuei", "makuei"), ("John Luk", "luk")])
    quotes = [quote(text, "It's a better performance,", "Matt Myers", "Matt Myers", "myers"),
              quote(text, "We've been working hard on our fitness,", "he", "he said.", "myers"),  # resolved past Kidston
              quote(text, "Perttu Kallio challenged", "he", "he told", "wikinews", kind="indirect"),  # named after its pronoun
              quote(text, "It is a great loss.", "He", "He said", "makuei")]  # the first person of the sentence before
    assert cues(gender_evidence("d6", text, found, split(text), quotes)) == [("makuei", "male", "speaker_pronoun", "He")]
    quotes[1]["speaker_entity_id"] = "kidston"
    assert cues(gender_evidence("d6", text, found, split(text), quotes)) == [
        ("kidston", "male", "speaker_pronoun", "he"), ("makuei", "male", "speaker_pronoun", "He")]


def test_names_joined_to_another_and_short_forms_the_linker_guessed_are_no_antecedent():
    text = ("Guitarist dies\n\n"
            "Eddie Voss, lead guitarist of the band, died on Tuesday. "
            "Musicians such as Billy Idol and Cat Stevens paid tribute following the announcement of his death.\n\n"
            "Elijah Cummings was born in Baltimore. His parents, Robert Cummings and Ruth Cummings, were sharecroppers. "
            "The family lived in a row house. In grade school, Cummings said he wanted to become a lawyer.")
    found = people(text, [("Eddie Voss", "voss"), ("Billy Idol", "idol"), ("Elijah Cummings", "elijah"),
                          ("Robert Cummings", "robert"), ("Ruth Cummings", "ruth")])
    found.append(Person(text.index("Cummings said"), text.index("Cummings said") + 8, "ruth"))  # the linker's guess
    assert cues(gender_evidence("d7", text, found, split(text))) == []
    found[-1] = Person(found[-1].start, found[-1].end, "elijah")  # the first introduced: news style's short form
    assert cues(gender_evidence("d7", text, found, split(text))) == [("elijah", "male", "pronoun", "he")]


def test_an_unnamed_someone_before_a_pronoun_may_be_its_antecedent():
    text = ("Parents sentenced\n\n"
            "Judge Ann Moss sentenced David Turpin on Friday. "
            "He was arrested after one of his daughters escaped and phoned 911. She did not know her address, she said.\n\n"
            "Christian Keysers asked whether a mother would do more for her own kids.")
    found = people(text, [("Ann Moss", "moss"), ("David Turpin", "turpin"), ("Christian Keysers", "keysers")])
    quotes = [quote(text, "She did not know her address", "she", "she said", "turpin", kind="indirect")]
    assert cues(gender_evidence("d8", text, found, split(text), quotes)) == []
    alone = "Interview\n\nChristian Keysers asked whether a rat would do more for her own kids."
    assert cues(gender_evidence("d8", alone, people(alone, [("Christian Keysers", "keysers")]), split(alone))) == [
        ("keysers", "female", "pronoun", "her")]


def test_a_quote_opening_a_paragraph_is_still_the_speaker_named_in_the_one_before():
    text = ("Mill closure\n\n"
            "Union leader Tom Reid spoke to workers on Monday. \"The mill can be saved,\" Reid said.\n\n"
            "\"We will fight,\" he said.\n\n"
            "Later that day the council met. Officials said they would answer the union, he said.")
    found = people(text, [("Tom Reid", "reid"), ("Reid", "reid")])
    quotes = [quote(text, "We will fight,", "he", "he said.", "reid"),  # the paragraph opens with the quotation
              quote(text, "Officials said they would answer the union", "he", "he said.", "reid", kind="indirect")]
    quotes[1]["speaker_start"] = text.rindex("he said")  # its paragraph opens with other words: Reid is too far
    assert cues(gender_evidence("d9", text, found, split(text), quotes)) == [("reid", "male", "speaker_pronoun", "he")]
