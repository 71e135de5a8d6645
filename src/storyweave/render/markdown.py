"""The report as Markdown: the same sections as the HTML story page.

Report strings are untrusted: every one goes through ``md`` so it cannot open
an HTML tag, a link or a table cell; only http(s) URLs become links.
"""

from __future__ import annotations

import re

from .html import sort_stories, story_stats
from .sections import _disputes, coverage_cell, departing, matrix_facts, plural
from .spans import Outlets, article_title, cited_by_article, paragraphs, safe_url, segments, value_range

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def md(value: object) -> str:
    """Inline-safe Markdown text: specials escaped, newlines folded."""
    text = "" if value is None else str(value)
    text = _SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")
    return re.sub(r"\s+", " ", text)


def md_line(value: object) -> str:
    """Like ``md`` for text starting a line, where list and heading markers count."""
    return line_start(md(value).strip())


def line_start(escaped: str) -> str:
    """Escape a list or heading marker at the start of already escaped text."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def _where(item: dict, titles: dict[str, str]) -> str:
    title = titles.get(item.get("article_id"), item.get("article_id"))
    return f"{md(title)}, chars {item.get('start')}–{item.get('end')}"


def _claim(cl: dict) -> str:
    text = str(cl.get("text") or "")
    where = value_range(cl)
    if where is None:
        return md(text)
    a, b = where
    return f"{md(text[:a])}**{md(text[a:b].strip())}**{md(text[b:])}".strip()


def _summary(story, outlets, titles):
    out = ["## Summary", ""]
    for n, s in enumerate(story.get("summary", []), 1):
        out.append(f"{n}. {md(s.get('text'))} — *{md(outlets.of(s))}*, "
                   f"{s.get('support', 1)} independent source(s) ({_where(s, titles)})")
    return out or ["_No summary._"]


def _conflicts(story, outlets, titles, key="conflicts", heading="Where the sources disagree"):
    items = story.get(key, [])
    out = [f"## {heading} ({len(items)})", ""]
    for c in items:
        self_note = " (within one article)" if c.get("self") else ""
        out += [f"### {md(c.get('kind'))}: {md(c.get('subject'))}{self_note}", ""]
        if c.get("explanation"):
            out += [md_line(c["explanation"]), ""]
        out += ["| Outlet | Value | Sentence |", "|---|---|---|"]
        for cl in c.get("claims", []):
            out.append(f"| {md(outlets.of(cl))} | **{md(cl.get('value'))}** | {_claim(cl)} |")
        out.append("")
    if not items:
        out.append("_None._")
    return out


def _coverage(story, outlets):
    facts = story.get("facts", [])
    out = ["## Who reported what", ""]
    if not facts:
        return out + ["_No facts were aligned._"]
    out.append("| Fact | " + " | ".join(md(o) for o in outlets.names) + " | Independent sources | Status |")
    out.append("|---" * (len(outlets.names) + 3) + "|")
    sym = {"reported": "✓", "contradicted": "✗ contradicted", "missing": "—"}
    for f in matrix_facts(story):
        disputes = _disputes(f, outlets, story.get("conflicts", []))
        cells = [sym[coverage_cell(f, o, outlets, disputes)[0]] for o in outlets.names]
        out.append(f"| {md(f.get('text'))} | " + " | ".join(cells) + f" | {f.get('support')} | {md(f.get('status'))} |")
    return out


def _exclusives(story, outlets, titles):
    out = ["", "## Reported by one outlet only", ""]
    for x in story.get("exclusives", []):
        out.append(f"- *{md(outlets.of(x))}*: {md(x.get('text'))} ({_where(x, titles)})")
    return out if story.get("exclusives") else out + ["_None._"]


def _diff(ops) -> str:
    parts = []
    for op in ops:
        if isinstance(op, (list, tuple)) and len(op) == 2:
            tag = {"insert": "ins", "delete": "del"}.get(op[0])
            text = md(op[1])
            parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return " ".join(parts)


def _quotes(story, outlets, titles):
    out = ["", "## Quote ledger", ""]
    for q in story.get("quotes", []):
        out += [f"### {md(q.get('speaker') or 'unknown speaker')}", "", f"> {md(q.get('text'))}", ""]
        for o in q.get("occurrences", []):
            body = _diff(o["diff"]) if o.get("diff") else md(o.get("text"))
            out.append(f"- *{md(outlets.of(o))}*: {body} ({_where(o, titles)})")
        out.append("")
    return out if story.get("quotes") else out + ["_None._"]


def _entities(story, outlets):
    rows = []
    for e in story.get("entities", []):
        descs = e.get("descriptions", [])
        if not descs:
            continue
        flagged = list(zip(descs, departing(descs)))
        cells = []
        for o in outlets.names:
            texts = [md(d.get("text")) + (" (differs)" if odd else "") for d, odd in flagged if outlets.of(d) == o]
            cells.append("; ".join(texts) or "—")
        rows.append(f"| {md(e.get('name'))} | " + " | ".join(cells) + " |")
    out = ["", "## How each outlet describes each person", ""]
    if not rows:
        return out + ["_No descriptions._"]
    return out + ["| Who | " + " | ".join(md(o) for o in outlets.names) + " |",
                  "|---" * (len(outlets.names) + 1) + "|"] + rows


def _timeline(story, outlets, titles):
    out = ["", "## Timeline", ""]
    for t in story.get("timeline", []):
        flag = " **(conflicting)**" if t.get("conflict") else ""
        out.append(f"- **{md(t.get('date') or 'undated')}**{flag} *{md(outlets.of(t))}*: {md(t.get('text'))}")
    return out if story.get("timeline") else out + ["_No dated events._"]


def _article_text(art: dict, cited: list) -> list[str]:
    text = art.get("text", "")
    out = []
    for a, b in paragraphs(art):
        runs: list[list] = []  # [is_cited, text], neighbouring cited segments merged
        for seg in segments(a, b, cited):
            is_cited = bool(seg.cited)
            if runs and runs[-1][0] == is_cited:
                runs[-1][1] += text[seg.start:seg.end]
            else:
                runs.append([is_cited, text[seg.start:seg.end]])
        pieces = []
        for is_cited, chunk in runs:
            if is_cited and chunk.strip():
                lead, trail = chunk[: len(chunk) - len(chunk.lstrip())], chunk[len(chunk.rstrip()):]
                pieces.append(f"{lead}**{md(chunk.strip())}**{trail}")
            else:
                pieces.append(md(chunk))
        out += [line_start("".join(pieces).strip()), ""]
    return out


def _articles(story, outlets):
    cited = cited_by_article(story)
    out = ["", f"## The articles ({len(story.get('articles', []))})", "", "Cited passages are in **bold**.", ""]
    for art in story.get("articles", []):
        url = safe_url(art.get("url"))
        meta = [md(outlets.by_article.get(art["id"]))]
        meta += [md(art[k]) for k in ("published", "author") if art.get(k)]
        if url:
            meta.append("<" + url.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20") + ">")
        elif art.get("url"):
            meta.append(md(art["url"]))
        out += [f"### {md(article_title(art))}", "", "*" + " · ".join(meta) + "*", ""]
        out += _article_text(art, cited.get(art["id"], []))
    return out


def render_story_markdown(story: dict) -> str:
    outlets = Outlets(story.get("articles", []))
    titles = {a["id"]: article_title(a) for a in story.get("articles", [])}
    st = story_stats(story)
    lines = [f"# {md(story.get('title') or 'Untitled story')}", "",
             f"{plural(st['articles'], 'article')} · {plural(st['outlets'], 'outlet')} · "
             f"{plural(st['independent'], 'independent source')} · {plural(st['conflicts'], 'conflict')}", "", "Outlets: " + ", ".join(md(o) for o in outlets.names), ""]
    lines += _summary(story, outlets, titles) + [""]
    lines += _conflicts(story, outlets, titles)
    if story.get("differences"):
        lines += _conflicts(story, outlets, titles, "differences", "Differences that are not contradictions")
    lines += _coverage(story, outlets) + _exclusives(story, outlets, titles) + _quotes(story, outlets, titles)
    lines += _entities(story, outlets) + _timeline(story, outlets, titles) + _articles(story, outlets)
    return "\n".join(lines).rstrip() + "\n"


def render_markdown(report: dict) -> str:
    """The whole report (every story, then the dropped inputs) as Markdown."""
    stories = sort_stories(report.get("stories", []))
    parts = [f"# storyweave report: {len(stories)} {'story' if len(stories) == 1 else 'stories'}\n"]
    parts += [render_story_markdown(s) for s in stories]
    dropped = report.get("dropped", [])
    if dropped:
        rows = [f"| {md(d.get('ref'))} | {md(d.get('stage'))} | {md(d.get('code'))} | {md(d.get('reason'))} |" for d in dropped]
        parts.append("\n".join([f"# Inputs that could not be used ({len(dropped)})", "",
                                "| Input | Stage | Code | Reason |", "|---|---|---|---|", *rows]) + "\n")
    return "\n---\n\n".join(parts)
