"""Self-contained HTML pages for a report: an index and one page per story.

Pages inline their only stylesheet and script (``render.assets``) and carry the
Content-Security-Policy as a ``<meta>``, so a report opens from disk with no
network and nothing in an article can run. The web app serves the very same
pages, with its own links (``Links``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnknownId
from . import sections as S
from .assets import CSS, JS, META_CSP
from .sections import h
from .spans import Outlets, safe_id


@dataclass(frozen=True)
class Links:
    """Where pages link to: files next to each other, or the web app's routes."""

    index: str
    story: Callable[[str], str]
    article: Callable[[str], str | None] = lambda _id: None
    search: str | None = None  # action of a search box, when there is a search

    @staticmethod
    def files(names: dict[str, str] | None = None) -> "Links":
        names = names or {}
        return Links(index="index.html", story=lambda sid: names.get(sid) or story_filename(sid))


def story_filename(story_id: str) -> str:
    return f"story-{safe_id(story_id)}.html"


def page(title: str, body: str, links: Links) -> str:
    """A whole HTML document around ``body`` (already escaped HTML)."""
    search = ""
    if links.search:
        search = (f'<form method="get" action="{h(links.search)}" role="search">'
                  '<input type="search" name="q" placeholder="Search articles" aria-label="Search articles">'
                  '<button type="submit">Search</button></form>')
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{h(META_CSP)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'  # no favicon request, from disk or the app
        f"<title>{h(title)}</title><style>{CSS}</style></head><body>"
        f'<nav class="topbar"><a class="brand" href="{h(links.index)}">storyweave</a>{search}</nav>'
        f"<main>{body}</main><script>{JS}</script></body></html>\n"
    )


def find_story(report: dict, story_id: str) -> dict:
    for story in report.get("stories", []):
        if story.get("id") == story_id:
            return story
    raise UnknownId("story", story_id)


def story_stats(story: dict) -> dict[str, int]:
    outlets = Outlets(story.get("articles", []))
    return {
        "articles": len(story.get("articles", [])),
        "outlets": len(outlets.names),
        "independent": int(story.get("independent_sources") or len(outlets.names)),
        "conflicts": len(story.get("conflicts", [])),
    }


def story_body(story: dict, links: Links) -> str:
    """The story page's content: most important first."""
    outlets = Outlets(story.get("articles", []))
    st = story_stats(story)
    conflict_cls = "stat bad" if st["conflicts"] else "stat"
    sections = [
        ("summary", "Summary", S.summary(story, outlets)),
        ("conflicts", f"Where the sources disagree ({st['conflicts']})", S.conflicts(story, outlets)),
    ]
    if story.get("differences"):
        sections.append(("differences", "Differences that are not contradictions", S.differences(story, outlets)))
    sections += [
        ("coverage", "Who reported what", S.coverage(story, outlets)),
        ("exclusives", "Reported by one outlet only", S.exclusives(story, outlets)),
        ("quotes", "Quote ledger", S.quotes(story, outlets)),
        ("people", "How each outlet describes each person", S.entities(story, outlets)),
        ("timeline", "Timeline", S.timeline(story, outlets)),
        ("articles", f"The articles ({st['articles']})", S.articles(story, outlets, links.article)),
    ]
    toc = "".join(f'<li><a href="#{sid}">{h(title)}</a></li>' for sid, title, _ in sections)
    head = (
        f'<header><p class="meta"><a href="{h(links.index)}">All stories</a></p>'
        f'<h1>{h(story.get("title") or "Untitled story")}</h1><div class="stats">'
        f'<span class="stat"><b>{st["articles"]}</b> articles</span>'
        f'<span class="stat"><b>{st["outlets"]}</b> outlets</span>'
        f'<span class="stat"><b>{st["independent"]}</b> independent sources</span>'
        f'<span class="{conflict_cls}"><b>{st["conflicts"]}</b> conflicts</span></div>'
        f'<div>{" ".join(S.chip(outlets, o) for o in outlets.names)}</div>'
        f'<ul class="toc">{toc}</ul></header>'
    )
    body = "".join(f'<section id="{sid}"><h2>{h(title)}</h2>{html}</section>' for sid, title, html in sections)
    return head + body


def render_story_page(report: dict, story_id: str, links: Links | None = None) -> str:
    story = find_story(report, story_id)
    return page(story.get("title") or "Story", story_body(story, links or Links.files()), links or Links.files())


def story_list_item(story: dict, href: str) -> str:
    st = story_stats(story)
    outlets = Outlets(story.get("articles", []))
    conflicts = f'<b class="contra">{S.plural(st["conflicts"], "conflict")}</b>' if st["conflicts"] else "no conflicts"
    return (
        f'<li><a class="t" href="{h(href)}">{h(story.get("title") or "Untitled story")}</a>'
        f'<div class="meta">{S.plural(st["articles"], "article")} · '
        f'{S.plural(st["independent"], "independent source")} · {conflicts}'
        f' · {" ".join(S.chip(outlets, o) for o in outlets.names[:8])}</div></li>'
    )


def index_body(stories: list[dict], links: Links, dropped: list[dict] | None = None) -> str:
    items = "".join(story_list_item(s, links.story(s["id"])) for s in stories)
    body = f'<h1>Stories ({len(stories)})</h1>'
    body += f'<ul class="storylist">{items}</ul>' if items else '<p class="empty">No stories yet.</p>'
    if dropped:
        rows = "".join(f"<tr><td>{h(d.get('ref'))}</td><td>{h(d.get('stage'))}</td><td>{h(d.get('code'))}</td>"
                       f"<td>{h(d.get('reason'))}</td></tr>" for d in dropped)
        body += (f'<h2>Inputs that could not be used ({len(dropped)})</h2><div class="tablewrap"><table>'
                 f"<thead><tr><th>Input</th><th>Stage</th><th>Code</th><th>Reason</th></tr></thead>"
                 f"<tbody>{rows}</tbody></table></div>")
    return body


def sort_stories(stories: list[dict]) -> list[dict]:
    """Newest first, then largest: by latest article date, then article count."""
    def key(s: dict) -> tuple:
        dates = [a.get("published") or "" for a in s.get("articles", [])]
        return (max(dates, default=""), len(s.get("articles", [])))
    return sorted(stories, key=key, reverse=True)


def render_index(report: dict, links: Links | None = None) -> str:
    links = links or Links.files()
    body = index_body(sort_stories(report.get("stories", [])), links, report.get("dropped"))
    return page("storyweave report", body, links)


def render_report_dir(report: dict, out_dir: Path) -> list[Path]:
    """Write index.html and one page per story into ``out_dir``; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for story in report.get("stories", []):
        name = story_filename(story["id"])
        while name in names.values():  # two ids can share a sanitised form
            name = name[: -len(".html")] + "_.html"
        names[story["id"]] = name
    links = Links.files(names)
    written = [out_dir / "index.html"]
    written[0].write_text(render_index(report, links), encoding="utf-8")
    for story in report.get("stories", []):
        path = out_dir / names[story["id"]]
        path.write_text(render_story_page(report, story["id"], links), encoding="utf-8")
        written.append(path)
    return written
