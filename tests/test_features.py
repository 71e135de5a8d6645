from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave import features as F
from storyweave.records import Article, Block, Entity, Field, Mention, Reading

DEMO = Path(__file__).resolve().parent.parent / "examples" / "istanbul-2025"


def make(text, ident="a1", title=None, published=None, url=None, key=None):
    return Article(
        id=ident, ref=ident, text=text, blocks=(Block("p", 0, len(text)),),
        title=Field(title, "test") if title else None,
        published=Field(published, "test") if published else None,
        url=Field(url, "test") if url else None, story_key=key,
    )


def test_entities_are_typed_and_counted():
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday. Merkel said Germany and France agree."
    f = F.extract(make(text))
    assert "merkel" in f.entity_keys("person")
    assert "paris" in f.entity_keys("place")
    assert dict(((g, k), n) for g, k, n in f.entities)[("person", "merkel")] == 2


def test_reading_entities_are_used_when_given():
    text = "Acme Corp opened a plant."
    reading = Reading("a1", (), (Entity(0, "Acme Corp", "ORG"),), (Mention(0, 9, "Acme Corp", "ORG", 0),), (), (), (), ())
    f = F.extract(make(text), reading)
    assert f.entities == (("org", "acme corp", 1),)


def test_dates_years_source_and_key():
    f = F.extract(make("The 2024 floods were worse than in 1998.", published="2025-05-16T10:00:00Z",
                       url="https://www.example.org/news/1", key="floods"))
    assert f.years == (1998, 2024)
    assert f.day == F.day_of("2025-05-16")
    assert f.source == "example.org"
    assert f.story_key == "floods"


def test_vector_is_unit_length():
    f = F.extract(make("Talks between Russia and Ukraine resumed in Istanbul."))
    assert f.vector.dtype == np.float32
    assert abs(float(np.linalg.norm(f.vector)) - 1.0) < 1e-5


def test_key_terms_drop_stop_words_and_keep_numbers():
    terms = dict(F.key_terms("The talks in the city were the first talks since 2022, officials said."))
    assert terms["talks"] == 2 and terms["2022"] == 1
    assert "the" not in terms


@pytest.mark.parametrize("text", ["", "Hi.", "Der Bürgermeister von Istanbul wurde festgenommen.", "1234 5678", "—"])
def test_odd_articles_give_features(text):
    f = F.extract(make(text))
    assert f.vector.shape == (F.embed.dim(),)
    assert f.day is None


def test_bad_date_is_no_date():
    assert F.day_of("next Tuesday") is None


def test_batch_matches_single():
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))[:2]]
    batch = F.extract_many([make(t, f"a{i}") for i, t in enumerate(texts)])
    single = F.extract(make(texts[1], "a1"))
    assert batch[1].entities == single.entities
    assert np.allclose(batch[1].vector, single.vector, atol=1e-6)


def test_ner_none_skips_entities():
    assert F.extract(make("Angela Merkel visited Paris."), ner="none").entities == ()


@pytest.mark.parametrize("text, days", [
    ("Posted Nov. 27, 2005, after the quake of November 28th.", ("11-27", "11-28")),
    ("Monday 09 September 2013; the 4th of July parade", ("07-04", "09-09")),
    ("Sept 3 attack, then Dec. 1", ("09-03", "12-01")),
    ("in May 2013, Dec 2012, 5,000 in April 1234", ()),
    ("May 5,000 people; March 12:30; may 3; 11/28/05", ()),
    ("February 31 and 0 March", ()),
])
def test_month_days_are_explicit_calendar_days(text, days):
    assert F.month_days_in(text) == days


def test_month_days_are_extracted_and_stored():
    f = F.extract(make("The quake struck on Nov. 27, 2005.", title="Quake on 27 November"), minhash=False)
    assert f.month_days == ("11-27",)
    assert F.ArticleFeatures.from_json(f.to_json()).month_days == ("11-27",)


def test_json_round_trip_of_a_real_article():
    text = sorted(DEMO.glob("*.txt"))[0].read_text(encoding="utf-8")
    f = F.with_minhash(F.extract(make(text, published="2025-05-12")), np.arange(128, dtype=np.uint64))
    g = F.ArticleFeatures.from_json(f.to_json())
    assert g == f
    assert np.array_equal(g.vector, f.vector) and np.array_equal(g.minhash, f.minhash)


words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=50, deadline=None)
@given(
    entities=st.lists(st.tuples(st.sampled_from(F.GROUPS), words, st.integers(1, 9)), max_size=5),
    terms=st.lists(st.tuples(words, st.integers(1, 99)), max_size=5),
    years=st.lists(st.integers(1800, 2099), max_size=3),
    day=st.none() | st.integers(1, 800_000),
    key=st.none() | words,
    days=st.lists(st.sampled_from(["01-01", "11-27", "12-31"]), max_size=3, unique=True),
)
def test_json_round_trip_property(entities, terms, years, day, key, days):
    f = F.ArticleFeatures("id", np.random.default_rng(0).random(8, dtype=np.float32), tuple(entities),
                          tuple(years), tuple(terms), day, None, key, month_days=tuple(sorted(days)))
    assert F.ArticleFeatures.from_json(f.to_json()) == f
