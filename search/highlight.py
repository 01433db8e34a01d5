"""Highlights for the database backend: HTML-escaped snippets with ``<mark>`` around matches
(OpenSearch produces the same shape with its own highlighter)."""

import html
import re

from search.documents import simple_field_path

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def _pattern(terms: list[str]) -> re.Pattern | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern) -> str:
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(MARK_OPEN + html.escape(match.group(0)) + MARK_CLOSE)
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, pattern: re.Pattern, width: int = 160) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    start = max(0, match.start() - width // 3)
    end = min(len(text), start + width)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return prefix + mark(text[start:end], pattern) + suffix


def highlights(
    *, terms: list[str], name: str, description: str, field_paths: list[str], body: str = ""
) -> dict[str, list[str]]:
    pattern = _pattern(terms)
    if pattern is None:
        return {}
    found: dict[str, list[str]] = {}
    if pattern.search(name):
        found["name"] = [mark(name, pattern)]
    text = snippet(description, pattern) if description else None
    if text:
        found["description"] = [text]
    fields = [mark(p, pattern) for p in map(simple_field_path, field_paths) if pattern.search(p)]
    if fields:
        found["fields"] = fields[:5]
    if not text and body:
        text = snippet(body, pattern)
        if text:
            found["docs"] = [text]
    return found
