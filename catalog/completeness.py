"""Metadata completeness ("health") of a dataset: a 0–100 score and the reasons it falls short.

Computed from the prefetched dataset, so it costs no query of its own.
"""

from dataclasses import dataclass

from catalog.lineage_edges import edges_visible
from catalog.models import Dataset

MIN_OWNERS = 2


@dataclass(frozen=True)
class Health:
    score: int
    reasons: list[str]


def dataset_health(dataset: Dataset) -> Health:
    reasons: list[str] = []
    score = 0.0

    if dataset.description.strip() or dataset.docs.strip():
        score += 25
    else:
        reasons.append("No description: add documentation")

    owner_keys = {(o.user_id, o.group_id) for o in dataset.ownerships.all()}
    if len(owner_keys) >= MIN_OWNERS:
        score += 20
    elif owner_keys:
        score += 10
        reasons.append(f"Fewer than {MIN_OWNERS} owners: please add at least {MIN_OWNERS} owners")
    else:
        reasons.append(f"No owners: please add at least {MIN_OWNERS} owners")

    fields = list(dataset.fields.all())
    if fields:
        undocumented = sum(
            1 for f in fields if not (f.description.strip() or f.editable_description.strip())
        )
        score += 25 * (len(fields) - undocumented) / len(fields)
        if undocumented:
            share = round(100 * undocumented / len(fields))
            reasons.append(f"{share}% of fields undocumented ({undocumented} of {len(fields)})")
    else:
        reasons.append("No schema")

    if list(dataset.tag_links.all()) or list(dataset.term_links.all()):
        score += 10
    else:
        reasons.append("No tags or glossary terms")

    if dataset.domain_id:
        score += 10
    else:
        reasons.append("No domain")

    if edges_visible(dataset.upstream_edges.all()) or edges_visible(dataset.downstream_edges.all()):
        score += 10
    else:
        reasons.append("No lineage")

    return Health(score=round(score), reasons=reasons)
