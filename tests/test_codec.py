from hypothesis import given, strategies as st

from storyweave import codec
from storyweave.records import Article, Block, Description, Entity, Field, Mention, Quote, Reading, Sentence, Span


def test_reading_round_trip_keeps_nested_records_and_tuples():
    reading = Reading(
        article_id="a1",
        sentences=(Sentence(0, 0, 10), Sentence(1, 11, 20, heading=True)),
        entities=(Entity(0, "Ada Lovelace", "PERSON", aliases=("Lovelace",)),),
        mentions=(Mention(0, 12, "Ada Lovelace", "PERSON", 0),),
        descriptions=(Description(0, "mathematician", 14, 27, "mathematician", None, None, "appositive"),),
        quotes=(Quote(1, 5, "abcd", True, 0, "Ada", parts=(Span(1, 3), Span(4, 5))),),
        quantities=(),
        times=(),
    )
    back = codec.loads(Reading, codec.dumps(reading))
    assert back == reading
    assert isinstance(back.quotes[0].parts[0], Span)


def test_unknown_keys_are_ignored_so_old_rows_load():
    data = codec.to_jsonable(Field("x", "y"))
    data["added_later"] = 1
    assert codec.from_jsonable(Field, data) == Field("x", "y")


@given(st.text(), st.lists(st.tuples(st.sampled_from(["cut", "dup"]), st.text()), max_size=4))
def test_article_round_trip(text, removed):
    a = Article(id="i", ref="r", text=text, blocks=(Block("h", 0, len(text)),), removed=tuple(removed))
    assert codec.loads(Article, codec.dumps(a)) == a
