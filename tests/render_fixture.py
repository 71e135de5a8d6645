"""Report dicts for the render and web tests, built over the real demo texts.

Until the pipeline produces reports, the render tests need a report that has
every section filled. This one is written by hand over the five demo articles
(examples/istanbul-2025): each span is located in the real text, so
``text[start:end] == span text`` holds as the contract requires. A second
story carries hostile content in every field a renderer prints.
"""

from __future__ import annotations

import copy
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parents[1] / "examples" / "istanbul-2025"

OUTLETS = ["Daily Bulletin", "World Desk", "Pulse News", "Metro Herald", "PEN"]

PWN = "window.__pwned=1"
HOSTILE = {
    "title": f"<script>{PWN}</script><img src=x onerror=\"{PWN}\">Breaking",
    "source": f"<img src=x onerror=\"{PWN};alert(1)\">Evil Outlet",
    "url": f"javascript:{PWN};alert(1)",
    "text": (
        f"Officials said <script>{PWN};alert(1)</script> 12 people were hurt.\n"
        f"A second report said \"><svg onload=\"{PWN}\"> 40 people were hurt.\n"
        f"Click <a href=\"javascript:{PWN}\">here</a> & 'more' </textarea></style>."
    ),
}


def _articles() -> list[dict]:
    files = sorted(DEMO_DIR.glob("*.txt"))
    titles = [
        "Trump offers to join Istanbul peace talks",
        "Zelensky Calls for Meeting with Putin in Turkey After Trump Urges Direct Talks",
        "Zelenskyy proposes in-person talks with Putin in Istanbul",
        "Zelensky challenges Putin to meet face-to-face",
        "Zelensky invites Putin to Istanbul talks",
    ]
    out = []
    for i, path in enumerate(files):
        out.append({
            "id": path.stem.split("_")[1],
            "ref": str(path.relative_to(DEMO_DIR.parents[1])),
            "source": OUTLETS[i],
            "title": titles[i],
            "url": f"https://example.org/news/{i}",
            "published": f"2025-05-1{i % 3 + 1}",
            "author": None,
            "text": path.read_text(encoding="utf-8"),
            "independent_group": f"g{i}",
            "copy_of": None,
        })
    return out


def span(article: dict, needle: str, nth: int = 0) -> dict:
    """The span of the nth occurrence of ``needle`` in the article's text."""
    text = article["text"]
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    return {"article_id": article["id"], "start": start, "end": end,
            "text": text[start:end], "source": article["source"]}


def claim(article: dict, sentence: str, value: str) -> dict:
    s = span(article, sentence)
    vs = article["text"].index(value, s["start"])
    return {**s, "value": value, "value_start": vs, "value_end": vs + len(value)}


def demo_story() -> dict:
    a = _articles()
    pres = [
        span(a[0], "Former U.S. President Donald Trump has offered to take part in direct peace talks between Russia and Ukraine, set to happen in Istanbul on Thursday."),
        span(a[1], "Zelensky’s announcement on X came shortly after former U.S. President Donald Trump urged Ukraine to accept Putin’s recent proposal for direct negotiations in Turkey."),
    ]
    wait = [span(x, "I will be waiting for Putin in Türkiye on Thursday.") for x in a[1:]]
    years_c = [
        claim(a[3], "His statement marks a rare direct call-out to the Kremlin leader, intensifying pressure on both sides to pursue a political solution after more than three years of war.", "more than three years"),
        claim(a[4], "Ukrainian President Volodymyr Zelensky has extended a direct invitation to his Russian counterpart Vladimir Putin to meet for peace talks in Istanbul this Thursday, a bold gesture that follows renewed international calls for a ceasefire and negotiations to end the two-year-long war.", "two-year-long"),
    ]
    trump_c = [
        claim(a[0], "Former U.S. President Donald Trump has offered to take part in direct peace talks between Russia and Ukraine, set to happen in Istanbul on Thursday.", "Former U.S. President"),
        claim(a[3], "The invitation follows an assertive call by U.S. President Donald Trump urging Ukraine to accept direct talks with Russia, warning that time for negotiations is running out.", "U.S. President"),
    ]
    quote_full = "There is no point in prolonging the killings. And I will be waiting for Putin in Türkiye on Thursday. Personally. I hope that this time the Russians will not look for excuses."
    occurrences = []
    for x, wording in [
        (a[1], "There is no point in prolonging the killings. And I will be waiting for Putin in Türkiye on Thursday. Personally,"),
        (a[3], "I will be waiting for Putin in Türkiye on Thursday. Personally."),
        (a[4], "There is no point in prolonging the killings. And I will be waiting for Putin in Türkiye on Thursday. Personally,"),
    ]:
        occ = span(x, wording)
        occ.update(speaker="Zelensky", cue="write", medium="X")
        occurrences.append(occ)
    occurrences[0]["diff"] = [["equal", "There is no point in prolonging the killings. And I will be waiting for Putin in Türkiye on Thursday. Personally"], ["insert", ","], ["delete", ". I hope that this time the Russians will not look for excuses."]]
    occurrences[1]["diff"] = [["delete", "There is no point in prolonging the killings. And"], ["equal", "I will be waiting for Putin in Türkiye on Thursday. Personally."], ["delete", "I hope that this time the Russians will not look for excuses."]]
    occurrences[2]["diff"] = copy.deepcopy(occurrences[0]["diff"])

    def desc(x, text, role, qualifier, affiliation):
        return {**span(x, text), "role": role, "qualifier": qualifier, "affiliation": affiliation}

    summary = [
        {**wait[1], "support": 4, "fact_id": "f-wait"},
        {**pres[0], "support": 2, "fact_id": "f-trump"},
        {**span(a[0], "The Kremlin has not said whether President Putin will travel to Turkey for the peace meeting."), "support": 1, "fact_id": None},
    ]
    return {
        "id": "s-istanbul",
        "title": "Zelensky invites Putin to Istanbul peace talks",
        "key": None,
        "independent_sources": 5,
        "articles": a,
        "summary": summary,
        "facts": [
            {"id": "f-wait", "text": wait[0]["text"], "support": 4, "sources": OUTLETS[1:], "mentions": wait, "entities": ["Volodymyr Zelensky", "Vladimir Putin"], "status": "corroborated"},
            {"id": "f-trump", "text": pres[0]["text"], "support": 2, "sources": OUTLETS[:2], "mentions": pres, "entities": ["Donald Trump"], "status": "contradicted"},
            {"id": "f-drones", "text": "Ukraine reported that its air defense systems destroyed all 10 drones launched by Russia overnight.",
             "support": 1, "sources": [OUTLETS[0]], "mentions": [span(a[0], "On Tuesday, Ukraine reported that its air defense systems destroyed all 10 drones launched by Russia overnight.")], "entities": [], "status": "single-source"},
        ],
        "conflicts": [
            {"id": "c-trump", "kind": "office-holder", "subject": "Donald Trump", "claims": trump_c,
             "explanation": "One outlet calls Trump the sitting president, another a former president."},
            {"id": "c-years", "kind": "quantity", "subject": "length of the war", "claims": years_c,
             "explanation": "more than three years vs two years", "self": False},
        ],
        "differences": [
            {"id": "d-quote", "kind": "trimmed-quote", "subject": "Zelensky", "claims": [
                {**span(a[3], "I will be waiting for Putin in Türkiye on Thursday. Personally."), "value": "trimmed"}],
             "explanation": "Metro Herald drops the first sentence of the quote."},
        ],
        "exclusives": [
            {**span(a[0], "On Tuesday, Ukraine reported that its air defense systems destroyed all 10 drones launched by Russia overnight."), "fact_id": "f-drones"},
            {**span(a[3], "Despite tensions with Trump, Ukrainian Ambassador to the U.S. Oksana Markarova maintained a hopeful tone, telling ABC News, \"We will focus on the future. And sometimes friends can disagree.\""), "fact_id": None},
        ],
        "quotes": [
            {"id": "q-wait", "speaker": "Volodymyr Zelensky", "text": quote_full, "direct": True,
             "sources": [OUTLETS[1], OUTLETS[3], OUTLETS[4]], "occurrences": occurrences},
        ],
        "entities": [
            {"id": "e-trump", "name": "Donald Trump", "type": "PERSON", "aliases": ["Trump"], "mentions": 30, "sources": OUTLETS,
             "descriptions": [
                 desc(a[0], "Former U.S. President", "president", "former", "U.S."),
                 desc(a[1], "former U.S. President", "president", "former", "U.S."),
                 desc(a[3], "U.S. President", "president", None, "U.S."),
                 desc(a[4], "former US President", "president", "former", "US"),
             ]},
            {"id": "e-putin", "name": "Vladimir Putin", "type": "PERSON", "aliases": ["Putin"], "mentions": 40, "sources": OUTLETS,
             "descriptions": [desc(x, "Russian President", "president", None, "Russian") for x in a[:4]]},
        ],
        "timeline": [
            {"date": "2022-03-01", "expression": "March 2022", "relative": False, "anchor": None,
             **span(a[3], "The potential Istanbul meeting would be the first direct engagement between Ukraine and Russia since March 2022."), "conflict": False},
            {"date": "2025-05-15", "expression": "Thursday", "relative": True, "anchor": "2025-05-11",
             **span(a[2], "Personally. I hope that this time the Russians will not look for excuses."), "conflict": False},
        ],
    }


def hostile_story() -> dict:
    art = {"id": "evil1", "ref": "<evil>.txt", "author": HOSTILE["title"], "published": "2001-01-01 <b>x</b>",
           "independent_group": "<g>", "copy_of": None, **{k: HOSTILE[k] for k in ("title", "source", "url", "text")}}
    art2 = {**art, "id": "evil2", "url": "data:text/html,<script>alert(1)</script>", "source": "Second <b>outlet</b>"}
    s1 = span(art, f"<script>{PWN};alert(1)</script>")
    s2 = span(art2, f"\"><svg onload=\"{PWN}\">")
    c1 = {**span(art, f"Officials said <script>{PWN};alert(1)</script> 12 people were hurt."), "value": "12"}
    c2 = {**span(art2, f"A second report said \"><svg onload=\"{PWN}\"> 40 people were hurt."), "value": "<i>40</i>"}
    return {
        "id": "s-evil\"><img src=x onerror=alert(1)>",
        "title": HOSTILE["title"],
        "key": "<k>",
        "independent_sources": 2,
        "articles": [art, art2],
        "summary": [{**s1, "support": 1, "fact_id": "<f>"}],
        "facts": [{"id": "<f>", "text": s1["text"], "support": 1, "sources": [art["source"]], "mentions": [s1, s2], "entities": ["<e>"], "status": "corroborated"}],
        "conflicts": [{"id": "<c>", "kind": "quantity", "subject": HOSTILE["title"], "claims": [c1, c2], "explanation": f"<script>{PWN}</script>"}],
        "differences": [],
        "exclusives": [{**s2, "fact_id": None}],
        "quotes": [{"id": "<q>", "speaker": HOSTILE["source"], "text": HOSTILE["title"], "direct": True, "sources": [],
                    "occurrences": [{**s1, "speaker": "<s>", "diff": [["insert", f"<script>{PWN}</script>"], ["delete", "<img src=x onerror=alert(1)>"]]}]}],
        "entities": [{"id": "<e>", "name": HOSTILE["title"], "type": "<PERSON>", "aliases": [], "descriptions": [{**s2, "role": "<r>", "qualifier": None, "affiliation": None}]}],
        "timeline": [{"date": "<d>", "expression": "<x>", **s1, "conflict": True}],
    }


def demo_report() -> dict:
    return {"schema": "storyweave.report/1", "generator": "fixture", "stories": [demo_story(), hostile_story()],
            "dropped": [{"ref": "<bad>.bin", "stage": "read", "code": "binary", "reason": f"<script>{PWN}</script> not text"}]}


def fill_store(store, stories: list[dict]) -> None:
    """Write the stories' articles into a store (its own API) and assign them."""
    from storyweave.records import Article, Field

    def field(value, origin="fixture"):
        return Field(value, origin) if value else None

    for story in stories:
        for a in story["articles"]:
            store.add_article(Article.from_text(
                a["ref"], a["text"], id=a["id"], title=field(a["title"]),
                source=field(a["source"]), url=field(a["url"]), published=field(a["published"]),
                author=field(a.get("author")),
            ))
            store.assign(a["id"], story["id"], title=story["title"])
