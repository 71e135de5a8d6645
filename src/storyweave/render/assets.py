"""The one stylesheet and the one script every page inlines, and the CSP over them.

Pages carry no external resource at all, so the report opens from disk with no
network. Inline code is allowed by hash, never by 'unsafe-inline': anything a
hostile article smuggles into the page stays inert, and ``style=`` attributes
are refused too (outlet colours are classes, not inline styles).
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--ink:#1d232b;--muted:#5b6573;--line:#d9dee5;--bg:#fff;--soft:#f5f7fa;--accent:#1f5fbf;
--sum:#fff1a8;--con:#ffd2cc;--quo:#d6e8ff;--exc:#e3f5d8;--oth:#eef0f3;--hit:#ffb000}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:1.2rem 1.4rem 4rem}
a{color:var(--accent)}
h1{font-size:1.7rem;line-height:1.25;margin:.4rem 0 .3rem}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
.topbar{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.55rem 1.4rem;background:var(--soft);border-bottom:1px solid var(--line)}
.topbar .brand{font-weight:700;text-decoration:none;color:var(--ink)}
.topbar form{margin-left:auto;display:flex;gap:.3rem}
.topbar input{padding:.3rem .5rem;border:1px solid var(--line);border-radius:4px;min-width:16rem}
.topbar button{padding:.3rem .7rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px}
.meta{color:var(--muted);font-size:.92rem}
.toc{display:flex;flex-wrap:wrap;gap:.4rem .9rem;margin:.6rem 0 0;padding:0;list-style:none;font-size:.92rem}
.stats{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.stat{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.2rem .6rem;font-size:.9rem}
.stat b{font-size:1.05rem}
.stat.bad{background:#fff0ee;border-color:#f3b3aa}
.chip{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.8rem;font-weight:600;line-height:1.5;border:1px solid rgba(0,0,0,.12);white-space:nowrap;max-width:16rem;overflow:hidden;text-overflow:ellipsis;vertical-align:middle}
.o0{background:#dbe9ff}.o1{background:#ffe2c6}.o2{background:#d9f2dd}.o3{background:#f4d9f2}
.o4{background:#fff3b8}.o5{background:#d6f1f3}.o6{background:#e9e0ff}.o7{background:#e6e6e6}
.kind{display:inline-block;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:#8a1f11;background:#fde7e3;border-radius:4px;padding:0 .35rem;margin-right:.35rem}
.summary{padding-left:1.3rem}
.summary li{margin:.45rem 0}
details.cite{display:inline;position:relative}
details.cite>summary{display:inline;cursor:pointer;list-style:none;color:var(--accent);font-size:.8rem;font-weight:700;vertical-align:super}
details.cite>summary::-webkit-details-marker{display:none}
details.cite .pop{position:absolute;z-index:5;left:0;top:1.4rem;width:min(32rem,80vw);background:#fff;border:1px solid var(--line);border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.15);padding:.6rem .8rem;font-size:.9rem}
blockquote{margin:.3rem 0;padding:.2rem .8rem;border-left:3px solid var(--line);color:#2b333d}
details.conflict,details.diffr{border:1px solid #f1c2ba;border-radius:8px;margin:.6rem 0;background:#fffafa}
details.diffr{border-color:var(--line);background:var(--soft)}
details.conflict>summary,details.diffr>summary{cursor:pointer;padding:.55rem .8rem;font-weight:600}
.vs{color:var(--muted);font-weight:400;margin:0 .3rem}
.claims{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.7rem;padding:0 .8rem .8rem}
.claim{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.55rem .7rem}
.claim blockquote{border:0;padding:.3rem 0}
mark.val{background:var(--con);font-weight:700;padding:0 .15rem;border-radius:3px}
.expl{margin:.2rem .8rem .6rem;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:var(--soft)}
td.c{text-align:center;white-space:nowrap}
td.fact{min-width:16rem}
th .chip{max-width:8.5rem}
.yes{color:#17692c;font-weight:700}.no{color:#9aa3ad}.contra{color:#b3261e;font-weight:700}
td.differs{background:#fff0ee}
.tablewrap{overflow-x:auto}
ins{background:#d8f5d0;text-decoration:none;padding:0 .1rem}
del{background:#ffd9d4;color:#7a2219;padding:0 .1rem}
.occ{margin:.3rem 0 .6rem;list-style:none;padding:0}
.occ li{margin:.35rem 0}
.timeline{list-style:none;padding:0;border-left:3px solid var(--line);margin-left:.4rem}
.timeline li{margin:.5rem 0;padding-left:.9rem;position:relative}
.timeline li::before{content:"";position:absolute;left:-.5rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--accent)}
.timeline li.conflicting::before{background:#b3261e}
.date{font-weight:700;font-variant-numeric:tabular-nums;margin-right:.4rem}
article.source{border-top:1px solid var(--line);padding-top:.6rem;margin-top:1.4rem}
article.source p{margin:.5rem 0}
article.source h4{margin:.9rem 0 .3rem;font-size:1rem}
mark{background:var(--oth);color:inherit;border-radius:2px;scroll-margin-top:35vh}
mark.k-fact,mark.k-description,mark.k-timeline{background:var(--oth)}
mark.k-exclusive{background:var(--exc)}
mark.k-quote{background:var(--quo)}
mark.k-summary{background:var(--sum)}
mark.k-conflict{background:var(--con)}
mark:target,mark.hit{background:var(--hit);outline:2px solid var(--hit);box-shadow:0 0 0 3px rgba(255,176,0,.35)}
.alias{scroll-margin-top:35vh}
.legend{font-size:.85rem;color:var(--muted)}
.legend mark{padding:0 .3rem}
.storylist{list-style:none;padding:0}
.storylist li{padding:.7rem 0;border-bottom:1px solid var(--line)}
.storylist a.t{font-size:1.1rem;font-weight:600;text-decoration:none}
.hits li{margin:.6rem 0}
.empty{color:var(--muted);font-style:italic}
@media print{
 .topbar,.toc,details>summary::marker{display:none}
 main{max-width:none;padding:0}
 a{color:inherit;text-decoration:none}
 details.cite .pop{position:static;box-shadow:none;border:0;padding:0 0 0 1rem;width:auto;font-size:.8rem}
 details.cite .pop blockquote,a.go,header>p.meta{display:none}
 details.conflict,details.diffr,article.source,tr{break-inside:avoid}
 h2{break-after:avoid}
 mark:target,mark.hit{outline:0;box-shadow:none}
}
""".strip()

JS = """
(function(){
  function highlight(){
    var old=document.querySelectorAll('.hit');
    for(var i=0;i<old.length;i++){old[i].classList.remove('hit');}
    var id=location.hash.slice(1);
    try{id=decodeURIComponent(id);}catch(e){return;}
    if(!id){return;}
    var target=document.getElementById(id);
    if(!target){return;}
    for(var d=target.closest('details');d;d=d.parentElement&&d.parentElement.closest('details')){d.open=true;}
    var parts=document.querySelectorAll('[data-s~="'+CSS.escape(id)+'"]');
    for(var j=0;j<parts.length;j++){parts[j].classList.add('hit');}
    target.scrollIntoView({block:'center'});
  }
  window.addEventListener('hashchange',highlight);
  window.addEventListener('beforeprint',function(){
    var all=document.querySelectorAll('details');
    for(var i=0;i<all.length;i++){all[i].open=true;}
  });
  highlight();
})();
""".strip()


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSS_HASH = _sha256(CSS)
JS_HASH = _sha256(JS)

# frame-ancestors is ignored (and warned about) in a <meta> policy, so the
# page's own policy leaves it out and the web app adds it in its header.
META_CSP = (
    f"default-src 'none'; style-src 'self' {CSS_HASH}; script-src {JS_HASH}; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'"
)
HEADER_CSP = META_CSP + "; frame-ancestors 'none'"
