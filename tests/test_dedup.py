from pathlib import Path

import pytest

from storyweave import dedup
from storyweave.errors import UsageError
from storyweave.records import Article, Field

DEMO = Path(__file__).resolve().parent.parent / "examples" / "istanbul-2025"

WIRE = [
    "Rescue teams pulled three survivors from the rubble of a collapsed apartment block on Tuesday, officials said.",
    "The six-storey building in the northern district gave way shortly before dawn while most residents were asleep.",
    "The regional governor said at least eleven people were still missing and that heavy machinery had been brought in.",
    "Engineers will examine whether illegal renovations on the ground floor weakened the structure, the ministry said.",
    "Neighbours told reporters they had complained about cracks in the walls for more than a year without any reply.",
]


def article(paragraphs, ident, url=None, source=None, agency=None):
    return Article.from_text(
        ident, "\n".join(paragraphs),
        url=Field(url, "test") if url else None,
        source=Field(source, "test") if source else None,
        dateline_agency=Field(agency, "test") if agency else None,
    )


def demo_articles():
    out = []
    for path in sorted(DEMO.glob("*.txt")):
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        out.append(article(lines, path.stem))
    return out


def test_same_text_with_different_furniture_is_a_copy():
    a = article(WIRE, "a", url="https://paper-one.example/news/1")
    b = article(["By Staff Reporter | Updated 10:42", *WIRE, "Read more: our coverage of the region", "Sign up for our newsletter"], "b")
    assert dedup.copy_groups([a, b]) == [("a", "b")]


def test_lightly_edited_copy_is_a_copy():
    edited = [p.replace("officials said", "authorities said").replace("heavy", "large") for p in WIRE]
    edited[2] = edited[2] + " Rain was hampering the search."
    assert dedup.copy_groups([article(WIRE, "a"), article(edited, "b")]) == [("a", "b")]


def test_copy_with_a_local_intro_is_found_at_paragraph_level():
    local = ["Our town's own fire brigade sent two crews and a sniffer dog to help the rescue effort overnight."]
    detector = dedup.CopyDetector(threshold=0.9)  # article level alone would not see it
    assert dedup.copy_groups([article(WIRE, "a"), article(local + WIRE[:4], "b")], detector) == [("a", "b")]


def test_demo_articles_on_one_story_are_not_copies():
    assert dedup.copy_groups(demo_articles()) == []


def test_estimated_jaccard():
    a = dedup.minhash(" ".join(WIRE))
    assert dedup.jaccard(a, a) == 1.0
    assert dedup.jaccard(a, dedup.minhash("completely different words about the weather tomorrow")) < 0.1
    assert dedup.jaccard(a, None) is None


@pytest.mark.parametrize("text", ["", "one", "x " * 3, "Ünïcödé — «текст» 新闻"])
def test_odd_articles_do_not_crash(text):
    assert dedup.copy_groups([article([text], "a"), article([text], "b")]) in ([], [("a", "b")])


def test_copies_count_once():
    a = article(WIRE, "a", url="https://one.example/x")
    b = article(WIRE, "b", url="https://two.example/y")
    c = article(["A different outlet wrote its own piece with its own reporting and quotes from the mayor."], "c",
                url="https://three.example/z")
    assert dedup.independent_sources([a, b, c]) == 2


def test_one_owner_counts_once():
    arts = demo_articles()[:3]
    arts = [article([arts[i].text], arts[i].id, url=u) for i, u in
            enumerate(["https://edition.big.example/a", "https://small.example/b", "https://other.example/c"])]
    families = {"big.example": "Big Media", "small.example": "Big Media"}
    assert dedup.independent_sources(arts, families) == 2
    assert dedup.independent_sources(arts) == 3


def test_agency_copies_count_once():
    arts = demo_articles()[:2]
    arts = [article([a.text], a.id, source=s, agency="Reuters") for a, s in zip(arts, ["Paper A", "Paper B"])]
    assert dedup.independent_sources(arts) == 1


def test_unknown_sources_count_separately():
    assert dedup.independent_sources(demo_articles()) == 5


def test_load_families(tmp_path):
    path = tmp_path / "families.txt"
    path.write_text("# owners\nwww.big.example Big Media\nsmall.example  Big Media # same group\n\n")
    assert dedup.load_families(path) == {"big.example": "Big Media", "small.example": "Big Media"}


def test_bad_families_file_says_what_is_wrong(tmp_path):
    path = tmp_path / "families.txt"
    path.write_text("big.example\n")
    with pytest.raises(UsageError, match=r"families.txt:1: expected 'domain owner'"):
        dedup.load_families(path)
    with pytest.raises(UsageError, match="cannot read publisher-family file"):
        dedup.load_families(tmp_path / "missing.txt")


def test_independent_groups_label_each_article_with_its_origin():
    a = article(WIRE, "a", url="https://one.example/x")
    b = article(WIRE, "b", url="https://two.example/y")
    c = article(["A different outlet wrote its own piece with its own reporting and quotes from the mayor."], "c",
                url="https://three.example/z")
    assert dedup.independent_groups([a, b, c]) == {"a": "a", "b": "a", "c": "c"}


def test_signatures_and_indexes_match_datasketch_built_afresh():
    # permutations and LSH bands are computed once per setting; the result
    # must be what datasketch gives when it computes them every time
    from datasketch import MinHash, MinHashLSH

    from storyweave.dedup import lsh_index, minhash, shingles

    text = "Officials said on Tuesday that the bridge would reopen after repairs to its deck."
    fresh = MinHash(num_perm=128)
    fresh.update_batch(list(shingles(text)))
    assert (minhash(text).hashvalues == fresh.hashvalues).all()
    assert (minhash(text).hashvalues == minhash(text).hashvalues).all()
    assert minhash("another text entirely, about a harbour").jaccard(minhash(text)) < 0.2
    for threshold in (0.5, 0.7):
        built = MinHashLSH(threshold=threshold, num_perm=128)
        assert (lsh_index(threshold).b, lsh_index(threshold).r) == (built.b, built.r)
    index = lsh_index(0.5)
    index.insert("x", minhash(text))
    assert lsh_index(0.5).query(minhash(text)) == []  # a new, empty index each time
    assert index.query(minhash(text)) == ["x"]
