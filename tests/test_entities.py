"""Entities: the seed article's people, organisations and places, and the linking rules."""

from collections import defaultdict

import pytest

from transforms.entities import Mention
from transforms.entities.linking import link_mentions
from transforms.entities.names import display_name, entity_id, normalise


def entities_of(analysis) -> dict[tuple[str, str], set[str]]:
    found = defaultdict(set)
    for mention in analysis.mentions:
        found[(mention.entity_name, mention.label)].add(mention.text)
    return found


def test_seed_people_with_their_short_forms(seed_analysis):
    found = entities_of(seed_analysis)
    assert found[("Vladimir Putin", "PERSON")] == {"Vladimir Putin", "Putin"}
    assert found[("Joseph Biden", "PERSON")] == {"Joseph Biden", "Biden"}  # one "Biden" the model calls GPE
    assert found[("Donald Trump", "PERSON")] == {"Donald Trump", "Trump"}
    assert found[("Dmitry Peskov", "PERSON")] == {"Dmitry Peskov"}
    assert found[("Jen Psaki", "PERSON")] == {"Jen Psaki"}
    assert found[("Xi Jinping", "PERSON")] == {"Xi Jinping"}
    people = {name for name, label in found if label == "PERSON"}
    assert people == {"Vladimir Putin", "Joseph Biden", "Donald Trump", "Dmitry Peskov", "Jen Psaki", "Xi Jinping"}


def test_seed_organisations_and_places(seed_analysis):
    found = entities_of(seed_analysis)
    orgs = {name for name, label in found if label == "ORG"}
    places = {name for name, label in found if label == "GPE"}
    assert {"NATO", "CNN", "Kremlin", "White House", "SWIFT"} <= orgs
    assert {"Russia", "Ukraine", "Geneva", "Sochi", "Moscow", "Washington", "United States"} <= places
    assert found[("United States", "GPE")] == {"United States", "US", "USA"}  # "the" stays out of the span
    assert found[("White House", "ORG")] == {"White House"}
    assert found[("Geneva", "GPE")] == {"Geneva"}  # "Genevawhich" (a lost space) is cut back


def test_every_biden_mention_is_a_person(seed_analysis):
    assert {m.label for m in seed_analysis.mentions if m.text == "Biden"} == {"PERSON"}


def test_mention_offsets_round_trip(seed_article, seed_analysis):
    for mention in seed_analysis.mentions:
        assert seed_article.text[mention.start : mention.end] == mention.text


def model(text: str, *found: tuple[str, str, int]) -> list[Mention]:
    """Mentions as a model would give them: (text, label, occurrence)."""
    mentions = []
    for name, label, occurrence in found:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(name, start + 1)
        mentions.append(Mention(start, start + len(name), name, label))
    return mentions


def test_a_name_tagged_once_is_tagged_everywhere_with_the_majority_label():
    text = "Leicestershire beat Somerset. Leicestershire won again. Somerset lost to Leicestershire."
    linked = link_mentions(text, model(text, ("Leicestershire", "ORG", 0), ("Leicestershire", "ORG", 1), ("Leicestershire", "GPE", 2), ("Somerset", "GPE", 0)))
    assert [(m.text, m.label) for m in linked] == [
        ("Leicestershire", "ORG"), ("Somerset", "GPE"), ("Leicestershire", "ORG"), ("Somerset", "GPE"), ("Leicestershire", "ORG"),
    ]


def test_acronym_in_parentheses_and_missed_acronyms():
    text = "The Federal Security Service (FSB) said so. Later the FSB and SWIFT agreed. CEO pay rose."
    linked = link_mentions(text, model(text, ("Federal Security Service", "ORG", 0)))
    names = [(m.text, m.entity_name, m.label) for m in linked]
    assert ("FSB", "Federal Security Service", "ORG") in names
    assert ("SWIFT", "SWIFT", "ORG") in names
    assert not any(m.text == "CEO" for m in linked)


def test_headline_in_capitals_is_not_read_as_acronyms():
    text = "SOCCER - LEADERS CLASH IN CUP\n\nThe match ended."
    assert link_mentions(text, []) == []


def test_a_name_ends_at_a_spaced_dash_and_before_a_score():
    """A headline's `… for post-97 - Tsang`, a list's `Labour Party - 203`, a results table's
    `J. Ratcliffe 63` and `Mexico 2-0`: the model's span runs past the name; a version's one digit
    (`Linux 7`) stays."""
    text = ("HK ready for post-97 - Tsang\n\nSeats: Labour Party - 203\n\nBowling: J. Ratcliffe 63\n\n"
            "Result: Mexico 2-0\n\nRelease: Linux 7\n\nDonald Tsang spoke.")
    linked = link_mentions(text, model(text, ("post-97 - Tsang", "PERSON", 0), ("Labour Party - 203", "ORG", 0), ("J. Ratcliffe 63", "PERSON", 0),
                                       ("Mexico 2-0", "ORG", 0), ("Linux 7", "PERSON", 0), ("Donald Tsang", "PERSON", 0)))
    assert [(m.text, m.entity_name) for m in linked] == [
        ("Tsang", "Donald Tsang"), ("Labour Party", "Labour Party"), ("J. Ratcliffe", "J. Ratcliffe"), ("Mexico", "Mexico"), ("Linux 7", "Linux 7"), ("Donald Tsang", "Donald Tsang"),
    ]


def test_short_form_joins_the_person_the_document_introduced_first():
    # written for the test, in the shape of the Wikinews obituaries: the relative named last is not the subject
    text = "Ginger Baker died on Sunday. He lived with his daughter Nettie Baker. Baker was hospitalised in September."
    linked = link_mentions(text, model(text, ("Ginger Baker", "PERSON", 0), ("Nettie Baker", "PERSON", 0), ("Baker", "PERSON", 2)))
    assert linked[-1].entity_name == "Ginger Baker"


def test_short_form_is_named_by_the_full_name_a_longer_first_form_ends_with():
    # the model took a word in front into the name the first time (`Astronomer Anthony Boccaletti`)
    text = "Astronomer Anthony Boccaletti observed it. Anthony Boccaletti works in Paris. Anthony Boccaletti and Boccaletti's team."
    found = (("Astronomer Anthony Boccaletti", "PERSON", 0), ("Anthony Boccaletti", "PERSON", 1), ("Anthony Boccaletti", "PERSON", 2), ("Boccaletti", "PERSON", 3))
    assert link_mentions(text, model(text, *found))[-1].entity_name == "Anthony Boccaletti"


def test_a_shorter_full_name_written_as_often_is_another_person():
    text = "Mary Ann Jones testified on Monday. Her sister Ann Jones spoke on Tuesday. Jones said so."
    found = (("Mary Ann Jones", "PERSON", 0), ("Ann Jones", "PERSON", 1), ("Jones", "PERSON", 2))
    assert link_mentions(text, model(text, *found))[-1].entity_name == "Mary Ann Jones"


@pytest.mark.parametrize("text, found, names", [
    # the model tagged the surname alone (Wikinews): the given name before it is part of the name
    ("Usman Khan attacked people on the bridge. \"I am in awe,\" tweeted Mayor of London Sadiq Khan. Khan was convicted in 2012.",
     (("Usman Khan", "PERSON", 0), ("London", "GPE", 0), ("Khan", "PERSON", 1), ("Khan", "PERSON", 2)), ["Usman Khan", "Sadiq Khan", "Usman Khan"]),
    ("Donald Trump tested positive. So did his advisers Jared Kushner and Ivanka Trump.",
     (("Donald Trump", "PERSON", 0), ("Jared Kushner", "PERSON", 0), ("Trump", "PERSON", 1)), ["Donald Trump", "Jared Kushner", "Ivanka Trump"]),
    # not a title, a word opening the sentence, nor a day
    ("Donald Trump spoke. Both Trump and Mayor Trump agreed. On Tuesday Trump left.",
     (("Donald Trump", "PERSON", 0), ("Trump", "PERSON", 1), ("Trump", "PERSON", 2), ("Trump", "PERSON", 3)), ["Donald Trump"] * 4),
    # nor a rank, a holiday, a demonym or a possessive (a hostile review's)
    ("Detective Inspector Sarah Jones spoke. Anyone with information should contact Inspector Jones, police added.",
     (("Sarah Jones", "PERSON", 0), ("Jones", "PERSON", 1)), ["Sarah Jones"] * 2),
    ("Boris Johnson spoke. Over Christmas Johnson stayed at Chequers, and Irishman Johnson did not.",
     (("Boris Johnson", "PERSON", 0), ("Johnson", "PERSON", 1), ("Johnson", "PERSON", 2)), ["Boris Johnson"] * 3),
    ("Jude Bellingham scored. Real Madrid's Bellingham won the award.",
     (("Jude Bellingham", "PERSON", 0), ("Bellingham", "PERSON", 1)), ["Jude Bellingham"] * 2),
])
def test_a_surname_takes_in_the_given_name_the_model_left_before_it(text, found, names):
    assert [mention.entity_name for mention in link_mentions(text, model(text, *found)) if mention.label == "PERSON"] == names


def test_a_headline_does_not_introduce_anyone():
    text = "Jill Biden has surgery\n\nPresident Joe Biden cancelled his trip on Monday. Biden said she was recovering well."
    found = (("Jill Biden", "PERSON", 0), ("Joe Biden", "PERSON", 0), ("Biden", "PERSON", 2))
    assert link_mentions(text, model(text, *found))[-1].entity_name == "Joe Biden"


def test_ids_are_stable_and_ignore_case_articles_and_dots():
    assert normalise("the U.S.") == normalise("The U.S") == normalise("US") == "us"
    assert entity_id("White House", "ORG") == entity_id("the white house", "ORG")
    assert entity_id("Washington", "GPE") == entity_id("Washington", "PERSON")  # the label is the corpus's, in entities


def test_a_company_is_one_entity_with_or_without_its_legal_form():
    # newswire names a company in full once, then without its legal form
    assert normalise("Chrysler Corp.") == normalise("Chrysler") == "chrysler"
    assert normalise("Apple, Inc") == "apple"
    assert entity_id("American Express Co", "ORG") == entity_id("American Express", "ORG")
    assert normalise("Co") == "co"  # a legal form alone stays a word


@pytest.mark.parametrize("variant", ["US", "U.S.", "USA", "the United States", "United States of America"])
def test_country_variants_are_one_entity(variant):
    text = f"Talks with {variant} ended."
    linked = link_mentions(text, model(text, (variant, "GPE", 0)))
    assert linked[0].entity_name == "United States"


def test_a_name_with_its_acronym_in_brackets_is_named_without_a_bracket_left_open():
    assert display_name("the National Emergency Operation Centre (NEOC)") == "National Emergency Operation Centre"
    assert display_name("Hello (world) there") == "Hello (world) there"


def test_spans_lose_articles_quotes_and_possessives_but_keep_an_initialism_period():
    text = 'Talks with the U.S. ended. The "United States was there. Biden\'s team left.'
    found = [(m.text, m.entity_name) for m in link_mentions(text, model(text, ("the U.S.", "GPE", 0), ('The "United States', "GPE", 0), ("Biden's", "PERSON", 0)))]
    assert found == [("U.S.", "United States"), ("United States", "United States"), ("Biden", "Biden")]


def test_a_title_with_or_without_its_period_does_not_split_a_person():
    text = "Boris Johnson spoke. Mr Johnson left. Later Mr. Johnson and Johnson again. Sen. Jane Ortiz and Ortiz."
    names = ["Boris Johnson", "Mr Johnson", "Mr. Johnson", "Johnson", "Sen. Jane Ortiz", "Ortiz"]
    mentions, position = [], 0
    for name in names:
        start = text.index(name, position)
        mentions.append(Mention(start, start + len(name), name, "PERSON"))
        position = start + len(name)
    linked = link_mentions(text, mentions)
    assert [mention.entity_name for mention in linked] == ["Boris Johnson"] * 4 + ["Jane Ortiz"] * 2
    assert [mention.text for mention in linked][:3] == ["Boris Johnson", "Mr Johnson", "Mr. Johnson"]  # written as they were


def test_a_name_opening_with_a_title_only_a_person_has_is_a_person_named_without_it():
    # written for the test, in the forms of Wikinews (the model tagged both names as organisations)
    from transforms.entities.corrections import correct

    text = "Dr Valeria Gazzola led the study. Assemblywoman Selena Torres spoke. The General Assembly voted. Duke Energy and King Soopers closed."
    names = ("Dr Valeria Gazzola", "Assemblywoman Selena Torres", "General Assembly", "Duke Energy", "King Soopers")
    mentions = [Mention(text.index(name), text.index(name) + len(name), name, "ORG") for name in names]
    linked = link_mentions(text, correct(text, mentions))
    assert [(mention.entity_name, mention.label) for mention in linked] == [
        ("Valeria Gazzola", "PERSON"), ("Selena Torres", "PERSON"), ("General Assembly", "ORG"), ("Duke Energy", "ORG"), ("King Soopers", "ORG")]


def test_a_name_its_acronym_defines_letter_for_letter_is_one_organisation():
    # written for the test, in the form of a Wikinews report (the model tagged `London` a person)
    from transforms.entities.corrections import correct

    text = ("Transport for London (TfL) closed the line. TfL said the Member of Parliament (MP) was told. "
            "The Inspector General of Police (IGP), Usman Baba, agreed.")
    tagged = [("London", "PERSON"), ("TfL", "ORG"), ("TfL", "ORG"), ("Parliament", "ORG"), ("Police", "ORG"), ("Usman Baba", "PERSON")]
    mentions, position = [], 0
    for name, label in tagged:
        start = text.index(name, position)
        mentions.append(Mention(start, start + len(name), name, label))
        position = start + len(name)
    linked = link_mentions(text, correct(text, mentions))
    assert [(mention.text, mention.entity_name) for mention in linked] == [
        ("Transport for London", "Transport for London"), ("TfL", "Transport for London"), ("TfL", "Transport for London"),
        ("Parliament", "Parliament"), ("Police", "Police"), ("IGP", "IGP"), ("Usman Baba", "Usman Baba")]


def test_a_company_the_model_missed_is_found_by_its_legal_form_within_its_line():
    text = "Results\n\nAcme Corp said sales rose. Shares of Ford Motor Co. fell."
    names = [(mention.text, mention.label) for mention in link_mentions(text, model(text, ("Results", "ORG", 0)))]
    assert names == [("Results", "ORG"), ("Acme Corp", "ORG"), ("Ford Motor Co", "ORG")]


@pytest.mark.parametrize("text, names", [
    ("Acme Corp Chief Executive John Smith said sales rose.", ["Acme Corp"]),
    ("On Monday Acme Corp said it would cut jobs.", ["Acme Corp"]),
    ("Apple, Inc. rose and Merck & Co fell.", ["Apple, Inc", "Merck & Co"]),
    ("He moved to Denver, CO last year.", []),
    ("The Texas AG said on Monday he would appeal.", []),
])
def test_companies_by_legal_form_take_in_only_their_name(text, names):
    assert [mention.text for mention in link_mentions(text, [])] == names
