import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from storyweave.errors import StoreError
from storyweave.records import Article, Block, Dropped, Field
from storyweave.store import SqliteStore


def make_article(aid="a1", text="Hello world.", url=None, source="Example Times"):
    return Article(
        id=aid, ref=f"{aid}.txt", text=text, blocks=(Block("p", 0, len(text)),),
        title=Field("A title", "header-line"), source=Field(source, "json:source") if source else None,
        url=Field(url, "json:url") if url else None,
    )


@pytest.fixture
def store(tmp_path):
    with SqliteStore(tmp_path / "s.db") as s:
        yield s


def test_same_article_twice_is_a_noop(store):
    assert store.add_article(make_article()) == "new"
    assert store.add_article(make_article()) == "duplicate"
    assert store.count_articles() == 1


def test_same_url_changed_text_is_a_revision(store):
    assert store.add_article(make_article("a1", "First text.", url="http://x/1")) == "new"
    assert store.add_article(make_article("a2", "Second text.", url="http://x/1")) == "revision"
    rows = {r["id"]: r["revision"] for r in store.article_rows()}
    assert rows == {"a1": 1, "a2": 2}


def test_article_round_trips_through_the_store(store):
    article = make_article(url="http://x/1")
    store.add_article(article)
    assert store.get_article("a1") == article


def test_dropped_records_are_stored_once(store):
    d = Dropped("bad.jsonl#L3", "parse", "malformed-json", "line 3: Expecting value")
    assert store.add_dropped(d) is True
    assert store.add_dropped(d) is False
    assert store.dropped() == [d]


def test_wal_and_migrations(tmp_path):
    path = tmp_path / "w.db"
    SqliteStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in db.execute("SELECT version FROM schema_migrations")]
    assert versions == sorted(versions) and versions[0] == 1
    db.close()
    # reopening applies nothing twice
    with SqliteStore(path) as again:
        assert again.schema_version == versions[-1]


def test_full_text_search_finds_words_in_title_and_text(store):
    store.add_article(make_article("a1", "Talks in Istanbul on Thursday."))
    store.add_article(make_article("a2", "Earthquake hits the coast."))
    assert [r["id"] for r in store.search("istanbul")] == ["a1"]
    assert store.search('"unbalanced') == []
    assert store.search("") == []


def test_stories_and_assignments(store):
    store.add_article(make_article("a1"))
    store.add_article(make_article("a2", "Other text.", source="Other Post"))
    store.assign("a1", "s1", title="T", score=1.0, components={"cosine": 0.9})
    store.assign("a2", "s1")
    [row] = store.story_rows()
    assert row["articles"] == 2 and row["outlets"] == 2
    assert store.story_article_ids("s1") == ["a1", "a2"]
    assert store.assignment("a1")["components"] == {"cosine": 0.9}
    assert store.resolve_story("s") == "s1"


def test_readonly_store_refuses_writes(tmp_path):
    path = tmp_path / "r.db"
    with SqliteStore(path) as s:
        s.add_article(make_article())
    with SqliteStore(path, readonly=True) as ro:
        assert ro.count_articles() == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.add_article(make_article("a9", "x"))


def test_readonly_store_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        SqliteStore(tmp_path / "missing.db", readonly=True)


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        SqliteStore(path)


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=300), title=st.text(max_size=50), url=st.one_of(st.none(), st.text(max_size=40)))
def test_any_article_round_trips(tmp_path_factory, text, title, url):
    with SqliteStore(":memory:") as s:
        a = Article(id="x", ref="r", text=text, blocks=(Block("p", 0, len(text)),),
                    title=Field(title, "t"), url=Field(url, "u") if url is not None else None)
        s.add_article(a)
        assert s.get_article("x") == a


def test_story_fields_without_the_listing(store):
    store.add_article(make_article("a1"))
    store.assign("a1", "s1", key="k", title="T")
    assert store.story("s1") == {"id": "s1", "key": "k", "title": "T"}
    assert store.story("nope") is None
