import json
from importlib import resources

import jsonschema
import pytest

from storyweave.ledger import build_ledger, coverage, same_quote, word_diff
from storyweave.linking import link_entities
from storyweave.names import fold
from xsource_fixture import Builder, article

FULL = ("There is no point in prolonging the killings. And I will be waiting for Putin in Türkiye on Thursday. "
        "Personally.")


def ledger(*builders):
    arts = [b.art for b in builders]
    readings = [b.reading() for b in builders]
    entries = build_ledger(arts, readings, link_entities(arts, readings))
    schema = json.loads(resources.files("storyweave").joinpath("schema/report-1.schema.json").read_text())
    for entry in entries:
        jsonschema.validate(entry, {"$defs": schema["$defs"], "$ref": "#/$defs/quote"})
        for occ in entry["occurrences"]:
            text = next(b.art.text for b in builders if b.art.id == occ["article_id"])
            assert text[occ["start"]:occ["end"]] == occ["text"]
    return entries


def words(text):
    return [fold(w) for w in text.split()]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("There is no point in prolonging the killings", FULL, True),  # trimmed
        ("there is no point in prolonging the killings i will be waiting for putin",
         "there is no point in prolonging the killings and i will be waiting for putin", True),  # word dropped
        ("we will respond", "we will respond", True),
        ("we will respond", "we will not respond", False),  # too short to be fuzzy
        ("this is the right idea", "this is not the right idea for ukraine at all", False),
        ("we are ready for serious talks with ukraine", "there is no point in prolonging the killings", False),
    ],
)
def test_same_quote(a, b, same):
    assert same_quote(words(a), words(b)) is same


def test_coverage_of_nothing_is_zero():
    assert coverage([], ["a"]) == 0.0


def test_word_diff_marks_what_an_outlet_left_out_and_added():
    ops = word_diff("a b c d".split(), "a c d e".split())
    assert ops == [["equal", "a"], ["delete", "b"], ["equal", "c d"], ["insert", "e"]]


def zelensky_article(text, source, quote, speaker_text="Zelensky", parts=()):
    b = Builder(article(text, source))
    who = b.entity("Volodymyr Zelensky" if "Zelenskyy" not in text else "Volodymyr Zelenskyy", "PERSON",
                   "Zelenskyy" if "Zelenskyy" in text else "Zelensky")
    b.quote(quote, who, speaker_text, parts=parts)
    return b


def test_one_quote_carried_by_many_outlets_is_one_entry():
    a = zelensky_article(f"“{FULL}” Zelensky wrote.", "A", FULL)
    b = zelensky_article("“There is no point in prolonging the killings,” Zelenskyy said. “And I will be waiting "
                         "for Putin in Türkiye on Thursday. Personally. I hope the Russians will not look for "
                         "excuses.”", "B", "", "Zelenskyy",
                         parts=("There is no point in prolonging the killings",
                                "And I will be waiting for Putin in Türkiye on Thursday. Personally. I hope the "
                                "Russians will not look for excuses."))
    c = zelensky_article("“There is no point in prolonging the killings,” Zelensky declared.", "C",
                         "There is no point in prolonging the killings")
    entries = ledger(a, b, c)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["speaker"] in {"Volodymyr Zelensky", "Volodymyr Zelenskyy"}
    assert entry["sources"] == ["A", "B", "C"]
    assert entry["text"].endswith("I hope the Russians will not look for excuses.")
    assert " … " in entry["text"]  # split around the attribution
    by_source = {occ["source"]: occ for occ in entry["occurrences"]}
    assert by_source["A"]["diff"][-1] == ["delete", "I hope the Russians will not look for excuses"]
    assert by_source["B"]["diff"] == [["equal", " ".join(by_source["B"]["diff"][0][1].split())]]
    assert by_source["B"]["parts"] and by_source["C"]["speaker"] == "Zelensky"


def test_different_quotes_stay_apart_and_widest_carried_first():
    a = Builder(article("“We are ready for serious talks,” Putin said. “We will respond,” Starmer said.", "A"))
    a.quote("We are ready for serious talks", a.entity("Putin"), "Putin")
    a.quote("We will respond", a.entity("Starmer"), "Starmer")
    b = Builder(article("“We will respond,” Starmer said.", "B"))
    b.quote("We will respond", b.entity("Starmer"), "Starmer")
    entries = ledger(a, b)
    assert [e["text"] for e in entries] == ["We will respond", "We are ready for serious talks"]
    assert entries[0]["speaker"] == "Starmer"


def test_speaker_vote_prefers_named_speakers_over_pronouns():
    quote = "There is no point in prolonging the killings"
    a = Builder(article(f"Putin spoke. “{quote},” he wrote.", "A"))
    a.entity("Vladimir Putin", "PERSON", "Putin")
    a.quote(quote, 0, "he")
    b = Builder(article(f"“{quote},” Zelensky wrote.", "B"))
    b.quote(quote, b.entity("Volodymyr Zelensky", "PERSON", "Zelensky"), "Zelensky")
    c = Builder(article(f"“{quote},” Zelensky said.", "C"))
    c.quote(quote, c.entity("Volodymyr Zelensky", "PERSON", "Zelensky"), "Zelensky")
    [entry] = ledger(a, b, c)
    assert entry["speaker"] == "Volodymyr Zelensky"
    assert sorted(occ["speaker"] for occ in entry["occurrences"]) == ["Zelensky", "Zelensky", "he"]


def test_direct_and_indirect_quotes_are_not_merged():
    a = Builder(article("Trump said that the meeting would reveal whether a deal was possible.", "A"))
    a.quote("that the meeting would reveal whether a deal was possible", a.entity("Trump"), "Trump", direct=False)
    b = Builder(article("“The meeting would reveal whether a deal was possible,” Trump said.", "B"))
    b.quote("The meeting would reveal whether a deal was possible", b.entity("Trump"), "Trump")
    entries = ledger(a, b)
    assert sorted(e["direct"] for e in entries) == [False, True]


def test_unattributed_scare_quotes_are_terms_not_ledger_entries():
    a = Builder(article("The so-called “coalition of the willing” met. “We will respond,” Starmer said.", "A"))
    a.quote("coalition of the willing", None, fragment=True)
    a.quote("We will respond", a.entity("Starmer"), "Starmer")
    b = Builder(article("Leaders of the “coalition of the willing” met on Saturday; Starmer called it “decisive”.", "B"))
    b.quote("coalition of the willing", None, fragment=True)
    b.quote("decisive", b.entity("Starmer"), "Starmer", fragment=True)
    entries = ledger(a, b)
    assert sorted(e["text"] for e in entries) == ["We will respond", "decisive"]


def test_evidence_without_a_named_speaker_is_not_a_ledger_entry():
    a = Builder(article("New polls show that turnout will be high. Smith said that the race is tight.", "A"))
    a.quote("that turnout will be high", None, "New polls", direct=False, cue="show")
    a.quote("that the race is tight", a.entity("Smith"), "Smith", direct=False, cue="say")
    entries = ledger(a)
    assert [e["speaker"] for e in entries] == ["Smith"]


def test_empty_story_has_an_empty_ledger():
    assert build_ledger([], [], link_entities([], [])) == []


def test_an_outlet_printing_part_of_a_quote_is_a_trimmed_quote_difference():
    from storyweave.ledger import quote_differences

    a = zelensky_article(f"“{FULL}” Zelensky wrote.", "A", FULL)
    c = zelensky_article("“There is no point in prolonging the killings,” Zelensky declared.", "C",
                         "There is no point in prolonging the killings")
    d = zelensky_article("“There is no point in prolonging killings. And I will be waiting for Putin in Türkiye "
                         "on Thursday. Personally,” he wrote.", "D",
                         "There is no point in prolonging killings. And I will be waiting for Putin in Türkiye "
                         "on Thursday. Personally,", "he")
    arts, readings = [a.art, c.art, d.art], [a.reading(), c.reading(), d.reading()]
    diffs = quote_differences(arts, readings, link_entities(arts, readings))
    assert sorted((x["kind"], x["claims"][-1]["source"]) for x in diffs) == [
        ("reworded-quote", "D"), ("trimmed-quote", "C")]
    assert all(x["claims"][0]["source"] == "A" for x in diffs)


def test_a_speaker_named_away_from_the_quote_does_not_decide_a_speaker_conflict():
    from storyweave.ledger import quote_speaker_conflicts

    words = "Really bad news, the Baltimore house of Elijah Cummings was robbed"
    a = Builder(article(f"“{words},” Trump tweeted.", "A"))
    a.quote(words, a.entity("Donald Trump", "PERSON", "Trump"), "Trump")
    b = Builder(article(f"Cummings confirmed the break-in.\nThe tweet read: “{words}.”", "B"))
    b.quote(words, b.entity("Elijah Cummings", "PERSON", "Cummings"), "Cummings")
    arts, readings = [a.art, b.art], [a.reading(), b.reading()]
    assert quote_speaker_conflicts(arts, readings, link_entities(arts, readings)) == []
