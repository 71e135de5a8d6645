"""The sections of a story page, each a function from the story dict to HTML.

Every string taken from the report is escaped with ``h``; links are built only
from anchors (``spans.anchor``) and from URLs that pass ``spans.safe_url``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape

from .spans import (
    Outlets, anchor, article_anchor, article_title, cited_by_article, paragraphs, safe_id,
    safe_url, segments, valid_span, value_range,
)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def h(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def chip(outlets: Outlets, name: str) -> str:
    return f'<span class="chip o{outlets.colour(name)}" title="{h(name)}">{h(name)}</span>'


def cite_link(item: dict, label: str = "in article") -> str:
    if not all(isinstance(item.get(k), int) for k in ("start", "end")) or not item.get("article_id"):
        return ""
    return f'<a class="go" href="#{anchor(item["article_id"], item["start"], item["end"])}">{h(label)} →</a>'


def _titles(story: dict) -> dict[str, str]:
    return {a["id"]: article_title(a) for a in story.get("articles", [])}


# --------------------------------------------------------------------------- summary


def summary(story: dict, outlets: Outlets) -> str:
    items = story.get("summary", [])
    if not items:
        return '<p class="empty">No summary: no sentence was backed by the sources.</p>'
    titles = _titles(story)
    rows = []
    for n, item in enumerate(items, 1):
        src = outlets.of(item)
        support = item.get("support", 1)
        pop = (
            f'<div class="pop">{chip(outlets, src)} <i>{h(titles.get(item.get("article_id"), ""))}</i>'
            f'<blockquote>{h(item.get("text"))}</blockquote>'
            f'<div class="meta">backed by {h(support)} independent source{"s" if support != 1 else ""} · '
            f'{cite_link(item, "show in article")}</div></div>'
        )
        rows.append(
            f'<li><span class="sent">{h(item.get("text"))}</span> '
            f'<span class="meta">({h(support)} source{"s" if support != 1 else ""})</span>'
            f'<details class="cite"><summary title="source: {h(src)}">[{n}]</summary>{pop}</details></li>'
        )
    return f'<ol class="summary">{"".join(rows)}</ol>'


# --------------------------------------------------------------------------- conflicts


def _claim_text(claim: dict) -> str:
    text = str(claim.get("text") or "")
    where = value_range(claim)
    if where is None:
        return h(text)
    a, b = where
    return f'{h(text[:a])}<mark class="val">{h(text[a:b])}</mark>{h(text[b:])}'


def _claim_cards(claims: list[dict], outlets: Outlets) -> str:
    cards = []
    for cl in claims:
        cards.append(
            f'<div class="claim">{chip(outlets, outlets.of(cl))} <b>{h(cl.get("value"))}</b>'
            f'<blockquote>{_claim_text(cl)}</blockquote>{cite_link(cl)}</div>'
        )
    return f'<div class="claims">{"".join(cards)}</div>'


def _versus(claims: list[dict], outlets: Outlets) -> str:
    parts = [f'<b>{h(c.get("value"))}</b> {chip(outlets, outlets.of(c))}' for c in claims]
    return '<span class="vs">vs</span>'.join(parts)


def conflicts(story: dict, outlets: Outlets) -> str:
    items = story.get("conflicts", [])
    if not items:
        return '<p class="empty">The sources do not contradict each other on anything storyweave compared.</p>'
    out = []
    for i, c in enumerate(items):
        cid = "c-" + safe_id(c.get("id") or i)
        within = ' <span class="meta">(within one article)</span>' if c.get("self") else ""
        out.append(
            f'<details class="conflict" id="{cid}"><summary><span class="kind">{h(c.get("kind"))}</span>'
            f'{h(c.get("subject"))}{within}: {_versus(c.get("claims", []), outlets)}</summary>'
            + (f'<p class="expl">{h(c.get("explanation"))}</p>' if c.get("explanation") else "")
            + _claim_cards(c.get("claims", []), outlets) + "</details>"
        )
    return "".join(out)


def differences(story: dict, outlets: Outlets) -> str:
    out = []
    for i, d in enumerate(story.get("differences", [])):
        did = "d-" + safe_id(d.get("id") or i)
        out.append(
            f'<details class="diffr" id="{did}"><summary><span class="kind">{h(d.get("kind"))}</span>'
            f'{h(d.get("subject"))}</summary>'
            + (f'<p class="expl">{h(d.get("explanation"))}</p>' if d.get("explanation") else "")
            + _claim_cards(d.get("claims", []), outlets) + "</details>"
        )
    return "".join(out)


# --------------------------------------------------------------------------- coverage


def _overlaps(a: dict, b: dict) -> bool:
    return (a.get("article_id") == b.get("article_id") and isinstance(a.get("start"), int)
            and isinstance(b.get("start"), int) and a["start"] < b.get("end", 0) and b["start"] < a.get("end", 0))


def _norm(value: object) -> str:
    return " ".join(str(value or "").lower().replace(".", "").split())


def _disputes(fact: dict, outlets: Outlets, conflicts: list[dict]) -> dict[str, str]:
    """Outlets whose value departs from the most common one, in a conflict over this fact
    (on a tie, every outlet in the conflict)."""
    out: dict[str, str] = {}
    for c in conflicts:
        claims = [cl for cl in c.get("claims", []) if any(_overlaps(m, cl) for m in fact.get("mentions", []))]
        if not claims:
            continue
        ranked = Counter(_norm(cl.get("value")) for cl in c.get("claims", [])).most_common(2)
        usual = ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None  # None: a tie
        for cl in claims:
            if _norm(cl.get("value")) != usual:
                out.setdefault(outlets.of(cl), str(cl.get("value")))
    return out


def coverage_cell(fact: dict, outlet: str, outlets: Outlets, disputes: dict[str, str]) -> tuple[str, dict | None]:
    """(state, span) of one fact in one outlet: reported, contradicted (a departing value) or missing."""
    mentions = [m for m in fact.get("mentions", []) if outlets.of(m) == outlet]
    if outlet in disputes:
        return "contradicted", (mentions[0] if mentions else None)
    if mentions:
        return "reported", mentions[0]
    if outlet in (fact.get("sources") or []):
        return "reported", None
    return "missing", None


def matrix_facts(story: dict) -> list[dict]:
    """Facts for the coverage matrix: those two or more sources report, or disputed ones.
    Single-source facts are listed as exclusives instead."""
    return [f for f in story.get("facts", []) if (f.get("support") or 0) > 1 or f.get("status") == "contradicted"]


def coverage(story: dict, outlets: Outlets) -> str:
    facts = story.get("facts", [])
    if not facts:
        return '<p class="empty">No facts were aligned across the sources.</p>'
    shown = matrix_facts(story)
    head = "".join(f"<th>{chip(outlets, o)}</th>" for o in outlets.names)
    rows = []
    symbols = {"reported": ("yes", "✓", "reported"), "contradicted": ("contra", "✗", "reports a different value"),
               "missing": ("no", "—", "not reported")}
    for f in shown:
        disputes = _disputes(f, outlets, story.get("conflicts", []))
        cells = []
        for o in outlets.names:
            state, where = coverage_cell(f, o, outlets, disputes)
            cls, sym, label = symbols[state]
            if state == "contradicted":
                label += f": {disputes[o]}"
            inner = f'<span class="{cls}" title="{h(label)}">{sym}</span>'
            if where is not None and valid_span(where, 10**12):
                inner = f'<a href="#{anchor(where["article_id"], where["start"], where["end"])}">{inner}</a>'
            cells.append(f'<td class="c" data-state="{state}">{inner}</td>')
        rows.append(
            f'<tr><td class="fact">{h(f.get("text"))}</td>{"".join(cells)}'
            f'<td class="c"><b>{h(f.get("support"))}</b></td><td>{h(f.get("status") or "")}</td></tr>'
        )
    hidden = len(facts) - len(shown)
    note = f" · {hidden} facts reported by one source only are listed below" if hidden else ""
    table = (
        '<div class="tablewrap"><table class="coverage"><thead><tr><th>Fact</th>'
        f'{head}<th>Independent sources</th><th>Status</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    ) if rows else '<p class="empty">No fact was reported by more than one source.</p>'
    return table + f'<p class="legend">✓ reported · ✗ reported with a value most sources do not give · — not reported{note}</p>'


def exclusives(story: dict, outlets: Outlets) -> str:
    items = story.get("exclusives", [])
    if not items:
        return '<p class="empty">Nothing was reported by one outlet alone.</p>'
    rows = [f'<li>{chip(outlets, outlets.of(x))} {h(x.get("text"))} {cite_link(x)}</li>' for x in items]
    return f'<ul class="exclusives">{"".join(rows)}</ul>'


# --------------------------------------------------------------------------- quotes


CLOSING = set(",.;:!?)]}”’»…")


def diff_html(ops: list) -> str:
    pieces = []
    for op in ops:
        if not (isinstance(op, (list, tuple)) and len(op) == 2):
            continue
        kind, text = op[0], str(op[1])
        tag = {"insert": "ins", "delete": "del"}.get(kind)
        pieces.append((tag, text))
    out = []
    for i, (tag, text) in enumerate(pieces):
        if i and text[:1] not in CLOSING and not text[:1].isspace() and not pieces[i - 1][1][-1:].isspace():
            out.append(" ")  # word-level ops come without the space between them
        out.append(f"<{tag}>{h(text)}</{tag}>" if tag else h(text))
    return "".join(out)


def quotes(story: dict, outlets: Outlets) -> str:
    items = story.get("quotes", [])
    if not items:
        return '<p class="empty">No quotes were found.</p>'
    out = []
    for i, q in enumerate(items):
        occ = []
        for o in q.get("occurrences", []):
            said = [x for x in (o.get("speaker"), o.get("cue"), o.get("medium") and f"on {o['medium']}") if x]
            body = diff_html(o["diff"]) if o.get("diff") else h(o.get("text"))
            occ.append(
                f'<li>{chip(outlets, outlets.of(o))} <span class="meta">{h(" · ".join(said))}</span>'
                f'<blockquote class="diff">{body}</blockquote>{cite_link(o)}</li>'
            )
        kind = "" if q.get("direct", True) else ' <span class="meta">(paraphrase)</span>'
        out.append(
            f'<div class="quote" id="q-{safe_id(q.get("id") or i)}"><h3>{h(q.get("speaker") or "unknown speaker")}{kind}</h3>'
            f'<blockquote class="ledger">{h(q.get("text"))}</blockquote><ul class="occ">{"".join(occ)}</ul></div>'
        )
    legend = '<p class="legend"><ins>words only this outlet has</ins> <del>words this outlet leaves out</del></p>'
    return legend + "".join(out)


# --------------------------------------------------------------------------- entities


def departing(descriptions: list[dict]) -> list[bool]:
    """Which descriptions give another role or qualifier than most do ("former
    president" where most say "president"). A missing affiliation is no
    difference; descriptions without a role are not compared; on a tie every
    compared description departs."""
    keys = [(_norm(d.get("qualifier")), _norm(d.get("role"))) if d.get("role") else None for d in descriptions]
    ranked = Counter(k for k in keys if k is not None).most_common(2)
    if not ranked:
        return [False] * len(descriptions)
    usual = ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None
    return [k is not None and k != usual for k in keys]


NOT_DESCRIBED = '<span class="no">—</span>'


def entities(story: dict, outlets: Outlets) -> str:
    rows = []
    for e in story.get("entities", []):
        descs = e.get("descriptions", [])
        if not descs:
            continue
        by_outlet: dict[str, list[tuple[dict, bool]]] = {}
        for d, odd in zip(descs, departing(descs)):
            by_outlet.setdefault(outlets.of(d), []).append((d, odd))
        cells = []
        for o in outlets.names:
            differs = any(odd for _, odd in by_outlet.get(o, []))
            ds = [d for d, _ in by_outlet.get(o, [])]
            inner = "<br>".join(f'<a href="#{anchor(d["article_id"], d["start"], d["end"])}">{h(d.get("text"))}</a>'
                                if valid_span(d, 10**12) and d.get("article_id") else h(d.get("text")) for d in ds)
            cls = ' class="differs"' if differs else ""
            cells.append(f"<td{cls}>{inner or NOT_DESCRIBED}</td>")
        rows.append(f'<tr><th>{h(e.get("name"))} <span class="meta">{h(e.get("type"))}</span></th>{"".join(cells)}</tr>')
    if not rows:
        return '<p class="empty">No outlet described anyone.</p>'
    head = "".join(f"<th>{chip(outlets, o)}</th>" for o in outlets.names)
    return (f'<div class="tablewrap"><table class="entities"><thead><tr><th>Who</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            '<p class="legend">Shaded cells give the person another role or qualifier than most outlets do.</p>')


# --------------------------------------------------------------------------- timeline


def timeline(story: dict, outlets: Outlets) -> str:
    items = story.get("timeline", [])
    if not items:
        return '<p class="empty">No dated events.</p>'
    rows = []
    for t in items:
        cls = ' class="conflicting"' if t.get("conflict") else ""
        rel = f' <span class="meta">(“{h(t.get("expression"))}”, relative to {h(t.get("anchor"))})</span>' if t.get("relative") else ""
        rows.append(
            f'<li{cls}><span class="date">{h(t.get("date") or "undated")}</span>{chip(outlets, outlets.of(t))}{rel}'
            f'<div>{h(t.get("text"))} {cite_link(t)}</div></li>'
        )
    return f'<ol class="timeline">{"".join(rows)}</ol>'


# --------------------------------------------------------------------------- articles


def _article_body(art: dict, cited: list) -> str:
    text = art.get("text", "")
    placed: set[str] = set()
    paras = []
    headings = {b.get("start"): b.get("kind") for b in art.get("blocks") or [] if isinstance(b, dict)}
    for p_start, p_end in paragraphs(art):
        out = []
        for seg in segments(p_start, p_end, cited):
            chunk = h(text[seg.start:seg.end])
            if not seg.cited:
                out.append(chunk)
                continue
            names = sorted({anchor(art["id"], c.start, c.end) for c in seg.cited})
            starting = [anchor(art["id"], c.start, c.end) for c in seg.cited if c.start == seg.start]
            ids = [x for x in dict.fromkeys(starting) if x not in placed]
            placed.update(ids)
            aliases = "".join(f'<span class="alias" id="{x}"></span>' for x in ids[1:])
            id_attr = f' id="{ids[0]}"' if ids else ""
            kinds = " ".join(f"k-{k}" for k in seg.kinds)
            out.append(f'{aliases}<mark{id_attr} class="{kinds}" data-s="{" ".join(names)}">{chunk}</mark>')
        tag = "h4" if headings.get(p_start) == "h" else "p"
        paras.append(f"<{tag}>{''.join(out)}</{tag}>")
    return "".join(paras)


def article_meta(art: dict, outlets: Outlets, article_href: Callable[[str], str | None] | None = None) -> str:
    bits = [chip(outlets, outlets.by_article.get(art["id"], ""))]
    if art.get("published"):
        bits.append(h(art["published"]))
    if art.get("author"):
        bits.append("by " + h(art["author"]))
    url = safe_url(art.get("url"))
    if url:
        bits.append(f'<a href="{h(url)}" rel="noopener noreferrer nofollow">{h(url)}</a>')
    elif art.get("url"):
        bits.append(f'<span class="unsafe-url">{h(art["url"])}</span>')
    if art.get("copy_of"):
        bits.append(f'near-copy of <a href="#{article_anchor(art["copy_of"])}">another article</a>')
    href = article_href(art["id"]) if article_href else None
    if href:
        bits.append(f'<a href="{h(href)}">article page</a>')
    return f'<p class="meta">{" · ".join(bits)}</p>'


def articles(story: dict, outlets: Outlets, article_href: Callable[[str], str | None] | None = None) -> str:
    cited = cited_by_article(story)
    out = []
    for art in story.get("articles", []):
        out.append(
            f'<article class="source" id="{article_anchor(art["id"])}">'
            f'<h3>{h(article_title(art))}</h3>'
            f'{article_meta(art, outlets, article_href)}{_article_body(art, cited.get(art["id"], []))}</article>'
        )
    legend = ('<p class="legend"><mark class="k-summary">summary</mark> <mark class="k-conflict">conflict</mark> '
              '<mark class="k-quote">quote</mark> <mark class="k-exclusive">exclusive</mark> <mark class="k-fact">other cited</mark></p>')
    return legend + "".join(out)
