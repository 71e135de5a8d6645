import json
from importlib import resources

import jsonschema
import pytest

from storyweave.conflicts import find_conflicts
from storyweave.linking import link_entities
from xsource_fixture import Builder, article


def validate(kind: str, item: dict) -> None:
    schema = json.loads(resources.files("storyweave").joinpath("schema/report-1.schema.json").read_text())
    jsonschema.validate(item, {"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


def analyse(*builders):
    arts = [b.art for b in builders]
    readings = [b.reading() for b in builders]
    entities = link_entities(arts, readings)
    conflicts, differences = find_conflicts(arts, readings, entities)
    for c in conflicts:
        validate("conflict", c)
    for d in differences:
        validate("difference", d)
    return conflicts, differences


def kinds(items):
    return sorted(item["kind"] for item in items)


def trump(text, source, published=None, description=None, role="president", qualifier=None, affiliation=None):
    b = Builder(article(text, source, published))
    who = b.entity("Donald Trump", "PERSON", "Trump")
    if description:
        b.describe(who, description, role, qualifier, affiliation)
    return b


def test_former_president_versus_president_is_a_description_conflict():
    a = trump("Former U.S. President Donald Trump spoke on Monday.", "A", "2025-05-12",
              "Former U.S. President", qualifier="former", affiliation="U.S.")
    b = trump("U.S. President Donald Trump urged talks.", "B", "2025-05-12", "U.S. President", affiliation="U.S.")
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == ["description"]
    conflict = conflicts[0]
    assert conflict["subject"] == "Donald Trump: role"
    assert {c["value"] for c in conflict["claims"]} == {"Former U.S. President", "U.S. President"}
    assert {c["source"] for c in conflict["claims"]} == {"A", "B"}


def test_claims_cite_the_sentence_and_the_value():
    a = trump("Talks are set.\nFormer U.S. President Donald Trump spoke.", "A", None,
              "Former U.S. President", qualifier="former", affiliation="U.S.")
    b = trump("U.S. President Donald Trump urged talks.", "B", None, "U.S. President", affiliation="U.S.")
    conflicts, _ = analyse(a, b)
    arts = {a.art.id: a.art, b.art.id: b.art}
    for claim in conflicts[0]["claims"]:
        text = arts[claim["article_id"]].text
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert text[claim["value_start"]:claim["value_end"]] == claim["value"]
    assert conflicts[0]["claims"][0]["text"] == "Former U.S. President Donald Trump spoke."


def test_more_specific_title_is_a_difference_not_a_conflict():
    a = Builder(article("Ukrainian President Volodymyr Zelensky spoke.", "A"))
    a.describe(a.entity("Volodymyr Zelensky"), "Ukrainian President", "president", None, "Ukrainian")
    b = Builder(article("President Volodymyr Zelenskyy spoke.", "B"))
    b.describe(b.entity("Volodymyr Zelenskyy"), "President", "president")
    conflicts, differences = analyse(a, b)
    assert conflicts == []
    assert kinds(differences) == ["more-specific"]
    assert differences[0]["subject"] in {"Volodymyr Zelensky: role", "Volodymyr Zelenskyy: role"}


def test_status_change_at_clearly_different_times_is_no_conflict():
    a = trump("Former U.S. President Donald Trump spoke.", "A", "2022-01-10",
              "Former U.S. President", qualifier="former", affiliation="U.S.")
    b = trump("U.S. President Donald Trump spoke.", "B", "2019-03-02", "U.S. President", affiliation="U.S.")
    conflicts, differences = analyse(a, b)
    assert conflicts == []
    assert kinds(differences) == ["different-time"]


def test_description_inside_a_direct_quote_is_not_the_outlets_claim():
    a = trump("Former U.S. President Donald Trump spoke.", "A", None,
              "Former U.S. President", qualifier="former", affiliation="U.S.")
    b = Builder(article("“We thank President Trump,” Zelensky said.", "B"))
    who = b.entity("Trump")
    b.describe(who, "President", "president")
    b.quote("We thank President Trump,", b.entity("Zelensky"), "Zelensky")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_two_holders_of_one_office_in_one_time_frame_conflict():
    a = trump("U.S. President Donald Trump urged talks.", "A", "2025-05-12", "U.S. President", affiliation="U.S.")
    b = Builder(article("Starmer said US President Joe Biden was clear.", "B", "2025-05-12"))
    b.describe(b.entity("Joe Biden"), "US President", "president", None, "US")
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == ["office-holder"]
    assert conflicts[0]["subject"] == "U.S. president"
    assert {c["value"] for c in conflicts[0]["claims"]} == {"Donald Trump", "Joe Biden"}


@pytest.mark.parametrize(
    "published_b, qualifier_b, role, expected",
    [
        ("2019-05-01", None, "president", []),  # other time frame
        ("2025-05-12", "former", "president", []),  # a former holder is no holder
        ("2025-05-12", None, "minister", []),  # many ministers at once
        ("2025-05-12", None, "foreign minister", ["office-holder"]),
    ],
)
def test_office_holder_needs_one_time_frame_and_a_single_holder_role(published_b, qualifier_b, role, expected):
    a = Builder(article("Mr Lee, the U.S. official, spoke.", "A", "2025-05-12"))
    a.describe(a.entity("Ann Lee"), "the U.S. official", role, None, "U.S.")
    b = Builder(article("Bo Kim, the American official, spoke.", "B", published_b))
    b.describe(b.entity("Bo Kim"), "the American official", role, qualifier_b, "American")
    conflicts, _ = analyse(a, b)
    assert [c["kind"] for c in conflicts if c["kind"] == "office-holder"] == expected


WAR_A = ("Zelensky invited Putin to end the two-year-long war.\n"
         "It comes in a war that has already lasted more than three years.")
WAR_B = "The talks come after more than three years of war."


def test_war_duration_contradicts_itself_and_other_outlets():
    a = Builder(article(WAR_A, "A")).quantity("two-year-long", 2, "year", "war")
    a.quantity("more than three years", 3, "year", "war", approx="more than", low=3)
    b = Builder(article(WAR_B, "B")).quantity("more than three years", 3, "year", "war", approx="more than", low=3)
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == ["quantity", "self-contradiction"]
    self_c = next(c for c in conflicts if c["kind"] == "self-contradiction")
    assert self_c["self"] is True and self_c["subject"] == "war: duration"
    assert {c["value"] for c in self_c["claims"]} == {"two-year-long", "more than three years"}
    quantity = next(c for c in conflicts if c["kind"] == "quantity")
    assert {c["source"] for c in quantity["claims"]} == {"A", "B"}


def test_bounded_quantities_that_agree_are_a_difference():
    a = Builder(article("Gladkov said Ukrainian forces fired over 100 rounds at Belgorod.", "A"))
    a.entity("Vyacheslav Gladkov", "PERSON", "Gladkov")
    a.entity("Belgorod", "GPE")
    a.quantity("over 100 rounds", 100, "round", approx="over", low=100)
    b = Builder(article("Gladkov said Ukrainian forces fired 120 rounds at Belgorod.", "B"))
    b.entity("Vyacheslav Gladkov", "PERSON", "Gladkov")
    b.entity("Belgorod", "GPE")
    b.quantity("120 rounds", 120, "round")
    conflicts, differences = analyse(a, b)
    assert conflicts == []
    assert kinds(differences) == ["compatible-quantity"]


def test_counts_in_unrelated_sentences_are_not_compared():
    a = Builder(article("Air defences destroyed all 10 drones launched by Russia overnight.", "A"))
    a.entity("Russia", "GPE")
    a.quantity("10 drones", 10, "drone")
    b = Builder(article("The governor of Belgorod said Ukrainian forces used 65 drones.", "B"))
    b.entity("Belgorod", "GPE")
    b.quantity("65 drones", 65, "drone")
    conflicts, differences = analyse(a, b)
    assert conflicts == [] and differences == []


def test_counts_in_aligned_sentences_are_compared():
    a = Builder(article("Russia launched 10 drones at Kyiv overnight, Ukraine said.", "A"))
    a.entity("Russia", "GPE"), a.entity("Kyiv", "GPE")
    a.quantity("10 drones", 10, "drone")
    b = Builder(article("Russia launched 65 drones at Kyiv overnight, officials said.", "B"))
    b.entity("Russia", "GPE"), b.entity("Kyiv", "GPE")
    b.quantity("65 drones", 65, "drone")
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == ["quantity"]
    assert conflicts[0]["subject"] == "drone: number"


def test_quote_given_to_different_named_speakers_is_a_conflict():
    words = "There is no point in prolonging the killings"
    a = Builder(article(f"“{words},” Zelensky wrote.", "A"))
    a.quote(words, a.entity("Volodymyr Zelensky", "PERSON", "Zelensky"), "Zelensky")
    b = Builder(article(f"“{words},” Putin said.", "B"))
    b.quote(words, b.entity("Vladimir Putin", "PERSON", "Putin"), "Putin")
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == ["quote-speaker"]
    assert {c["value"] for c in conflicts[0]["claims"]} == {"Volodymyr Zelensky", "Vladimir Putin"}


def test_quote_given_to_a_pronoun_does_not_decide_a_speaker_conflict():
    words = "There is no point in prolonging the killings"
    a = Builder(article(f"“{words},” Zelensky wrote.", "A"))
    a.quote(words, a.entity("Volodymyr Zelensky", "PERSON", "Zelensky"), "Zelensky")
    b = Builder(article(f"Putin spoke. “{words},” he wrote.", "B"))
    b.quote(words, b.entity("Vladimir Putin", "PERSON", "Putin"), "he")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_conflict_ids_are_stable_and_unique():
    a = trump("Former U.S. President Donald Trump spoke.", "A", None,
              "Former U.S. President", qualifier="former", affiliation="U.S.")
    b = trump("U.S. President Donald Trump urged talks.", "B", None, "U.S. President", affiliation="U.S.")
    first, _ = analyse(a, b)
    second, _ = analyse(a, b)
    assert [c["id"] for c in first] == [c["id"] for c in second]
    assert len({c["id"] for c in first}) == len(first)


def test_no_articles_no_conflicts():
    assert find_conflicts([], [], link_entities([], [])) == ([], [])


def test_one_article_calling_a_person_former_and_current_contradicts_itself():
    b = Builder(article("Former U.S. President Donald Trump spoke.\nLater, U.S. President Donald Trump left.", "A"))
    who = b.entity("Donald Trump", "PERSON", "Trump")
    b.describe(who, "Former U.S. President", "president", "former", "U.S.")
    b.describe(who, "U.S. President", "president", None, "U.S.", nth=1)
    conflicts, _ = analyse(b)
    assert kinds(conflicts) == ["self-contradiction"]
    self_c = next(c for c in conflicts if c["kind"] == "self-contradiction")
    assert self_c["self"] is True and len(self_c["claims"]) == 2


@pytest.mark.parametrize("year, expected", [("2022", []), ("2025", ["office-holder"])])
def test_a_holder_named_in_a_sentence_about_an_earlier_year_is_not_a_current_holder(year, expected):
    a = trump("U.S. President Donald Trump urged talks.", "A", "2025-05-12", "U.S. President", affiliation="U.S.")
    b = Builder(article(f"In {year}, US President Joe Biden pledged aid.", "B", "2025-05-12"))
    b.describe(b.entity("Joe Biden"), "US President", "president", None, "US")
    b.time(year, year, "year")
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == expected


def test_affiliations_naming_one_story_entity_agree():
    a = Builder(article("Zelenskyy’s top aide, Andriy Yermak, spoke.", "A"))
    a.entity("Volodymyr Zelenskyy", "PERSON", "Zelenskyy")
    a.describe(a.entity("Andriy Yermak"), "Zelenskyy’s top aide", "aide", "top", "Zelenskyy")
    b = Builder(article("Volodymyr Zelensky’s top aide, Andriy Yermak, spoke.", "B"))
    b.entity("Volodymyr Zelensky", "PERSON", "Zelensky")
    b.describe(b.entity("Andriy Yermak"), "Volodymyr Zelensky’s top aide", "aide", "top", "Volodymyr Zelensky")
    conflicts, differences = analyse(a, b)
    assert conflicts == [] and differences == []


def test_one_description_span_given_to_two_people_is_not_compared():
    a = Builder(article("Japan's Prime Minister Shinzo Abe and IOC president Thomas Bach agreed.", "A"))
    abe, bach = a.entity("Shinzo Abe"), a.entity("Thomas Bach")
    a.describe(abe, "Japan's Prime Minister", "prime minister", None, "Japan")
    a.describe(bach, "Japan's Prime Minister", "prime minister", None, "Japan")
    b = Builder(article("Japanese Prime Minister Shinzo Abe spoke.", "B"))
    b.describe(b.entity("Shinzo Abe"), "Japanese Prime Minister", "prime minister", None, "Japanese")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_an_affiliation_naming_the_entity_itself_is_ignored():
    a = Builder(article("John Dunkin, the longtime Trump pilot, spoke.", "A"))
    a.entity("Donald Trump", "PERSON", "Trump")
    a.describe(a.entity("John Dunkin"), "the longtime Trump pilot", "pilot", "longtime", "Trump")
    b = Builder(article("John Dunkin, a longtime pilot, spoke.", "B"))
    b.describe(b.entity("John Dunkin"), "a longtime pilot", "pilot", "longtime", "John Dunkin")
    _, differences = analyse(a, b)
    assert [d["kind"] for d in differences] == ["more-specific"]


def test_then_in_front_of_a_title_makes_it_historical():
    a = trump("Biden revoked a proclamation signed by then-President Trump.", "A", None, "President")
    b = trump("Biden rescinded former President Donald Trump's order.", "B", None, "former President",
              qualifier="former")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_a_description_relative_to_another_person_is_not_a_status_conflict():
    a = Builder(article("Biden praised John McCain, his longtime Senate colleague.", "A"))
    a.describe(a.entity("John McCain"), "his longtime Senate colleague", "colleague", "longtime", "Senate")
    b = Builder(article("Biden saluted John McCain, his former Senate colleague.", "B"))
    b.describe(b.entity("John McCain"), "his former Senate colleague", "colleague", "former", "Senate")
    conflicts, differences = analyse(a, b)
    assert conflicts == [] and [d["kind"] for d in differences] == ["relative-description"]


def test_onetime_is_former():
    a = Builder(article("Carter Page, the onetime campaign adviser, spoke.", "A"))
    a.describe(a.entity("Carter Page"), "the onetime campaign adviser", "adviser", "onetime", "campaign")
    b = Builder(article("Former campaign adviser Carter Page spoke.", "B"))
    b.describe(b.entity("Carter Page"), "Former campaign adviser", "adviser", "former", "campaign")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_an_institution_and_a_person_giving_one_quote_is_no_conflict():
    words = "does not advance the interests of the United States"
    a = Builder(article(f"Biden said the order “{words}.”", "A"))
    a.quote(words, a.entity("Joe Biden", "PERSON", "Biden"), "Biden")
    b = Builder(article(f"The White House said the plan “{words}.”", "B"))
    b.quote(words, b.entity("White House", "ORG"), "The White House")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_without_publication_dates_the_latest_stated_year_is_now():
    a = Builder(article("Rules implemented in 2011 during President Obama's term were dropped in 2017.", "A"))
    a.describe(a.entity("Barack Obama", "PERSON", "Obama"), "President", "president")
    a.time("2011", "2011", "year").time("2017", "2017", "year")
    b = Builder(article("DeVos moved away from former President Barack Obama's rules.", "B"))
    b.describe(b.entity("Barack Obama"), "former President", "president", "former")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_former_just_before_a_title_counts():
    a = trump("The Treasury must turn over former President Trump's tax returns.", "A", None, "President")
    b = trump("The Treasury must turn over former President Donald Trump's returns.", "B", None,
              "former President", qualifier="former")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_a_title_in_a_sentence_about_a_stated_year_is_of_that_time():
    a = Builder(article("Rules implemented in 2011 by U.S. President Obama were lauded.", "A"))
    a.describe(a.entity("Barack Obama", "PERSON", "Obama"), "U.S. President", "president", None, "U.S.")
    a.time("2011", "2011", "year")
    b = Builder(article("DeVos moved away from former U.S. President Barack Obama's rules.", "B"))
    b.describe(b.entity("Barack Obama"), "former U.S. President", "president", "former", "U.S.")
    conflicts, differences = analyse(a, b)
    assert conflicts == [] and [d["kind"] for d in differences] == ["different-time"]


def test_a_bare_title_for_a_former_holder_is_a_courtesy():
    a = Builder(article("Trump paid his respects to President George H.W. Bush.", "A"))
    a.describe(a.entity("George H.W. Bush"), "President", "president")
    b = Builder(article("Crowds honoured former President George H.W. Bush.", "B"))
    b.describe(b.entity("George H.W. Bush"), "former President", "president", "former")
    conflicts, differences = analyse(a, b)
    assert conflicts == [] and [d["kind"] for d in differences] == ["courtesy-title"]


def test_former_after_a_non_breaking_space_counts():
    a = trump("The Treasury must turn over former\u00a0President Trump's tax returns.", "A", None, "President")
    b = trump("The Treasury must turn over former President Donald Trump's returns.", "B", None,
              "former President", qualifier="former")
    conflicts, _ = analyse(a, b)
    assert conflicts == []


@pytest.mark.parametrize("before, expected", [("under ", []), ("then-", []), ("former\u00a0", []),
                                              ("presumptive ", ["description"])])
def test_a_status_word_before_the_title_counts(before, expected):
    a = trump(f"A former official {before}President Donald Trump spoke.", "A", None, "President")
    b = trump("Former President Donald Trump spoke.", "B", None, "Former President", qualifier="former")
    conflicts, _ = analyse(a, b)
    assert kinds(conflicts) == expected


def test_a_possessive_description_is_relative_to_its_owner():
    a = Builder(article("Michael Flynn, President Trump's first national security adviser, spoke.", "A"))
    a.describe(a.entity("Michael Flynn"), "President Trump's first national security adviser",
               "national security adviser", "first", "Trump")
    b = Builder(article("The president's former national security adviser Michael Flynn spoke.", "B"))
    b.describe(b.entity("Michael Flynn"), "president's former national security adviser",
               "national security adviser", "former", None)
    conflicts, _ = analyse(a, b)
    assert conflicts == []


def test_one_article_naming_two_holders_of_one_office_contradicts_itself():
    b = Builder(article("U.S. President Donald Trump spoke.\nUS President Joe Biden was clear.", "A"))
    b.describe(b.entity("Donald Trump"), "U.S. President", "president", None, "U.S.")
    b.describe(b.entity("Joe Biden"), "US President", "president", None, "US")
    conflicts, _ = analyse(b)
    assert kinds(conflicts) == ["self-contradiction"]
    assert conflicts[0]["self"] is True


LIVE = ("The Latest on the race (all times EDT):\n"
        "9:30 p.m.\n"
        "Trump has won 221 delegates so far, the AP count shows.\n"
        "2 p.m.\n"
        "Trump has won 182 delegates so far, the AP count shows.")


@pytest.mark.parametrize("text, expected", [
    (LIVE, []),  # a live article updated in place
    (LIVE.replace("9:30 p.m.\n", "").replace("2 p.m.\n", ""), ["self-contradiction"]),
    (LIVE.replace("2 p.m.\n", "The 9 a.m. turnout was low.\n"), ["self-contradiction"]),  # one heading only
])
def test_a_live_article_does_not_contradict_itself_across_updates(text, expected):
    from storyweave.reading import read_articles

    arts = [article(text, "A")]
    readings = read_articles(arts)
    assert [q.text for q in readings[0].quantities] == ["221 delegates", "182 delegates"]
    conflicts, _ = find_conflicts(arts, readings, link_entities(arts, readings))
    assert kinds(conflicts) == expected


def test_a_live_article_naming_two_holders_in_one_update_still_contradicts_itself():
    text = ("10:05 a.m.\nU.S. President Donald Trump spoke.\nUS President Joe Biden was clear.\n"
            "11:40 a.m.\nThe vote was held.")
    b = Builder(article(text, "A"))
    b.describe(b.entity("Donald Trump"), "U.S. President", "president", None, "U.S.")
    b.describe(b.entity("Joe Biden"), "US President", "president", None, "US")
    assert kinds(analyse(b)[0]) == ["self-contradiction"]
    moved = text.replace("US President Joe Biden was clear.\n11:40 a.m.\n", "11:40 a.m.\nUS President Joe Biden was clear.\n")
    b = Builder(article(moved, "A"))
    b.describe(b.entity("Donald Trump"), "U.S. President", "president", None, "U.S.")
    b.describe(b.entity("Joe Biden"), "US President", "president", None, "US")
    assert kinds(analyse(b)[0]) == []
