"""The search box's query syntax, parsed once for every backend.

``platform:hive owner:aberger tag:pii "exact phrase" -excluded -tag:legacy free text``:
``key:value`` pairs with a known key become filters, quoted text a phrase, a leading ``-``
excludes; everything else is free text. Unknown keys stay text, so ``a:b`` still searches.
"""

import re
import shlex
from dataclasses import dataclass, field

from search.documents import FACET_KEYS

KEY_ALIASES = {
    "platform": "platform",
    "origin": "origin",
    "env": "origin",
    "fabric": "origin",
    "tag": "tag",
    "tags": "tag",
    "owner": "owner",
    "owners": "owner",
    "term": "term",
    "glossary": "term",
    "domain": "domain",
    "status": "status",
}
MAX_QUERY_LENGTH = 500
_TOKEN_RE = re.compile(r"[0-9A-Za-z]+")


@dataclass
class ParsedQuery:
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded_terms: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)
    raw_text: str = ""  # the free text as typed, punctuation kept, for exact name matches

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def text(self) -> str:
        return " ".join([*self.phrases, *self.terms])

    @property
    def highlight_terms(self) -> list[str]:
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(text_terms(phrase))
        return words


def text_terms(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN_RE.findall(text)]


def normalize_owner(value: str) -> str:
    if value.startswith("urn:li:"):
        return value
    return f"urn:li:corpuser:{value}"


def _split(raw: str) -> list[tuple[str, bool]]:
    """Whitespace-separated parts with quotes kept together; (part, was_quoted)."""
    lexer = shlex.shlex(raw, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    parts: list[tuple[str, bool]] = []
    try:
        for part in lexer:
            parts.append((part, False))
    except ValueError:  # an unbalanced quote: read it as plain words
        parts = [(part.replace('"', ""), False) for part in raw.split()]
    quoted = set(re.findall(r'"([^"]+)"', raw))
    return [(part, part in quoted) for part, _ in parts]


def parse_query(raw: str) -> ParsedQuery:
    parsed = ParsedQuery()
    for part, quoted in _split(raw[:MAX_QUERY_LENGTH]):
        negate = part.startswith("-") and len(part) > 1 and not quoted
        body = part[1:] if negate else part
        key, sep, value = body.partition(":")
        canonical = KEY_ALIASES.get(key.lower()) if sep and value and not quoted else None
        if canonical:
            value = normalize_owner(value) if canonical == "owner" else value
            if canonical in ("origin",):
                value = value.upper()
            target = parsed.excluded_filters if negate else parsed.filters
            target.setdefault(canonical, []).append(value)
        elif quoted and " " in body.strip():
            parsed.phrases.append(body.strip())
        else:
            words = text_terms(body)
            (parsed.excluded_terms if negate else parsed.terms).extend(words)
            if not negate and words:
                parsed.raw_text = f"{parsed.raw_text} {body}".strip()
    assert set(parsed.filters) <= set(FACET_KEYS)
    return parsed
