"""Shared helpers of the format parsers: decoding, sniffing, fields, dates.

Pure functions over bytes and strings; no I/O.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..records import Dropped, Field

Blocks = tuple[tuple[str, str], ...]

# Share of control characters (other than tab/newline/CR/form feed) above
# which bytes are treated as binary. Text in any real encoding has ~0; random
# bytes have ~12 % in the C0 range. Tuned on tests/test_ingest.py junk cases.
_CONTROL_RATIO_MAX = 0.05
# charset_normalizer "chaos" (mess) above which a guess is rejected.
_CHAOS_MAX = 0.25
# How much messier than charset_normalizer's best guess a windows-1252 reading
# may be and still be preferred. Tuned on the encoding cases in tests/test_ingest.py.
_WESTERN_MARGIN = 0.1
_SNIFF_BYTES = 4096

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9_\-:.]+)", re.I)


class Unusable(Exception):
    """Raised inside a parser for input that becomes one ``Dropped``."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def dropped(self, ref: str, stage: str = "parse") -> Dropped:
        return Dropped(ref=ref, stage=stage, code=self.code, reason=self.reason)


# --------------------------------------------------------------------------- bytes


def check_binary(data: bytes) -> None:
    """Raise ``Unusable`` for empty, whitespace-only or binary bytes."""
    if not data.strip():
        raise Unusable("empty", "the input is empty or only whitespace")
    head = data[:_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in head:
        raise Unusable("binary", "the input contains NUL bytes (binary file, not text)")
    controls = len(_CONTROL_BYTES.findall(head))
    if controls / len(head) > _CONTROL_RATIO_MAX:
        raise Unusable("binary", f"{controls} control bytes in the first {len(head)} (binary file, not text)")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP header or an HTML ``<meta>``, if valid."""
    names = []
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        if found:
            names.append(found.group(1))
    found_meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if found_meta:
        names.append(found_meta.group(1).decode("ascii", "ignore"))
    for name in names:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def decode(data: bytes, content_type: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), then a declared charset,
    then a charset_normalizer guess that passes its mess check.

    Raises ``Unusable`` ("empty", "binary", "encoding") when no reading is safe.
    """
    check_binary(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked_text(data.decode("utf-16", errors="replace"))
    try:
        return _checked_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    charset = declared_charset(data, content_type)
    if charset and charset not in {"utf-8", "utf_8"}:
        try:
            return _checked_text(data.decode(charset))
        except (UnicodeDecodeError, LookupError):
            pass
    return _checked_text(_guess(data))


def _guess(data: bytes) -> str:
    """charset_normalizer's best reading, except that windows-1252 (the web's
    default legacy encoding, per WHATWG) wins when it reads the bytes about as
    cleanly: short Western texts are otherwise often guessed as cp1250 or
    mac_latin2, which garbles every accented letter."""
    import charset_normalizer  # lazy: only needed for non-UTF-8 input
    from charset_normalizer.md import mess_ratio

    sample = data[:200_000]
    best = charset_normalizer.from_bytes(sample).best()
    try:
        western = sample.decode("cp1252")
        western_chaos = mess_ratio(western, maximum_threshold=1.0)
    except UnicodeDecodeError:
        western, western_chaos = None, 1.0
    best_chaos = best.chaos if best is not None else 1.0
    if western is not None and western_chaos <= min(_CHAOS_MAX, best_chaos + _WESTERN_MARGIN):
        return data.decode("cp1252", errors="replace")
    if best is None or best_chaos > _CHAOS_MAX:
        raise Unusable("encoding", "the bytes are not UTF-8 and no other encoding reads them cleanly")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise Unusable("encoding", f"the bytes do not decode as {best.encoding}") from None


def _checked_text(text: str) -> str:
    if not text.strip():
        raise Unusable("empty", "the input is empty or only whitespace")
    sample = text[:_SNIFF_BYTES]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls / len(sample) > _CONTROL_RATIO_MAX:
        raise Unusable("binary", "the decoded text is mostly control characters (binary file, not text)")
    return text


# --------------------------------------------------------------------------- sniffing


def sniff_kind(data: bytes) -> str:
    """Guess an input's format from its first bytes (used for stdin, unknown
    extensions and URLs without a useful Content-Type)."""
    if data[:2] == b"\x1f\x8b":
        return "warc" if _gunzip_head(data).startswith(b"WARC/") else "unknown"
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = head.lower()
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"<"):
        if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", lower):
            return "feed"
        return "html" if re.search(rb"<(!doctype html|html|body|p|div|article|head)[\s>]", lower) else "text"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        first, _, rest = head.partition(b"\n")
        return "jsonl" if rest.lstrip().startswith(b"{") and first.rstrip().endswith(b"}") else "json"
    return "text"


def _gunzip_head(data: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_SNIFF_BYTES], 64)
    except zlib.error:
        return b""


# --------------------------------------------------------------------------- fields


def field(value: object, source: str) -> Field | None:
    """A ``Field`` for a non-empty scalar value (whitespace collapsed), else None."""
    if value is None or isinstance(value, (dict, list, tuple, bool)):
        return None
    text = " ".join(str(value).split())
    return Field(text, source) if text else None


def url_host(url: str | None) -> str | None:
    """The hostname of an http(s) URL without a leading ``www.``."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


def outlet_or_host(source: Field | None, url: Field | None) -> Field | None:
    """The given outlet, else the URL's host (provenance "url-host"); never invented."""
    if source is not None:
        return source
    host = url_host(url.value if url else None)
    return Field(host, "url-host") if host else None


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


def iso_date(value: object, source: str) -> Field | None:
    """Normalise a date string to ISO 8601; unparseable values give None
    (``Document.published`` promises ISO)."""
    if value is None or isinstance(value, bool) or not str(value).strip():
        return None
    if isinstance(value, (int, float)) and 0 < value < 1e11:  # Unix seconds
        return Field(datetime.fromtimestamp(value, tz=timezone.utc).isoformat(), source)
    raw = " ".join(str(value).split())
    parsed = _parse_date(raw)
    if parsed is None:
        return None
    if isinstance(parsed, str):
        return Field(parsed, source)
    if parsed.tzinfo is None and (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return Field(parsed.date().isoformat(), source)  # a bare date stays a date
    return Field(parsed.isoformat(), source)


def _parse_date(raw: str) -> datetime | str | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date().isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    return None


def struct_time_iso(value: object, source: str) -> Field | None:
    """ISO date from a ``time.struct_time`` (what feedparser gives), UTC."""
    try:
        moment = datetime(*value[:6], tzinfo=timezone.utc)  # type: ignore[index]
    except (TypeError, ValueError):
        return None
    return Field(moment.isoformat(), source)
