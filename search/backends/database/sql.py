"""What every part of the database backend's SQL shares: the document table, the score's scale
and status weight, the sort orders, and a WHERE clause built up as parts with their
parameters."""

from dataclasses import dataclass, field
from typing import Any

DOC = "search_datasetdocument"
# A document's status, as the catalog spells it (the index holds the catalog's copy).
ACTIVE, DEPRECATED, REMOVED = "active", "deprecated", "removed"
# Deprecated datasets sink to half their score, removed ones (shown only when asked for) lower.
STATUS_WEIGHT = "(CASE d.status WHEN 'active' THEN 10 WHEN 'deprecated' THEN 5 ELSE 2 END)"
# Scores are integers in SQL (exact name 8000, every term in the name 4100, in field names,
# tags or owners 2000, tie-breaks under 200; times the status weight); this much is 1.0.
SCORE_SCALE = 10000
ORDER = {
    "relevance": "score DESC, name ASC, dataset_id ASC",
    "name": "name ASC, dataset_id ASC",
    "-modified_at": "modified_at DESC, dataset_id ASC",
}
# Facet keys with one value per document (the others, tags, owners and terms, may have many).
SINGLE_VALUED = ("platform", "origin", "status", "domain")


def prefix_end(prefix: str) -> str:
    """The first string after every string starting with ``prefix`` (bytewise): with it, a
    prefix is a range of an index."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def like(term: str) -> str:
    """``%term%`` for LIKE, with the term's own wildcards escaped."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass
class Where:
    """A WHERE clause as parts with their parameters."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def extend(self, other: "Where") -> None:
        self.parts.extend(other.parts)
        self.params.extend(other.params)

    def where(self) -> str:
        return " AND ".join(self.parts) if self.parts else "1=1"
