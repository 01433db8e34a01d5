"""Search on OpenSearch (production). opensearch-py is imported only when this backend is
chosen, keeping it off the Lambda cold path of deployments that search on the database.

Writes go through an alias (``mdt-datasets``) so a full rebuild fills a fresh index and swaps
the alias atomically. Each document carries the catalog version as an external version, so
OpenSearch itself refuses an older version over a newer one. The mapping is strict: a field
added to it is added to an index made before (at the first write it refuses), so writes go on
until ``search_reindex`` fills it for every document.
"""

import re
import time
from typing import Any, Sequence

from search.backends.base import (
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
    Suggestion,
    interleave_suggestions,
)
from search.documents import FACET_KEYS, SearchDocument, simple_field_path
from search.highlight import highlights
from search.query import text_terms

DEFAULT_ALIAS = "mdt-datasets"
# What a strict mapping answers a document holding a field it lacks.
_UNMAPPED = "strict_dynamic_mapping_exception"
_FOLDED = {"tag": "tags_folded", "owner": "owners_folded", "term": "terms_folded"}
_FIELD_OF = {
    "platform": "platform",
    "origin": "origin",
    "status": "status",
    "domain": "domain",
    "tag": "tags",
    "owner": "owners",
    "term": "terms",
}
_NAME_FIELDS = ["name^10", "name_tokens^8", "qualified_name^6"]
# Descriptions, docs and custom property values: prose, matched by stem and as phrases.
_BODY_FIELDS = ["description", "docs", "field_descriptions", "property_values"]
_TEXT_FIELDS = _NAME_FIELDS + ["fields_text^3", "meta_text^3", *_BODY_FIELDS]
# A dataset with a field named as typed ranks with the exact names (term queries boosted 50 and
# 40, times the name's rarity), above those whose names only hold the words: a constant, as a
# column's name is as exact where many tables have it.
FIELD_NAME_BOOST = 100

INDEX_BODY: dict[str, Any] = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "tokenizer": {
                # Dotted, underscored, slashed and dashed names split into their parts.
                "identifier": {"type": "pattern", "pattern": "[^A-Za-z0-9]+"},
                "trigram": {
                    "type": "ngram",
                    "min_gram": 3,
                    "max_gram": 3,
                    "token_chars": ["letter", "digit"],
                },
                "edge": {
                    "type": "edge_ngram",
                    "min_gram": 2,
                    "max_gram": 20,
                    "token_chars": ["letter", "digit"],
                },
            },
            "analyzer": {
                "identifier": {
                    "type": "custom",
                    "tokenizer": "identifier",
                    "filter": ["lowercase"],
                },
                "trigram": {"type": "custom", "tokenizer": "trigram", "filter": ["lowercase"]},
                "edge": {"type": "custom", "tokenizer": "edge", "filter": ["lowercase"]},
                "tokens": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            },
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "dataset_id": {"type": "long"},
            "urn": {"type": "keyword"},
            "version": {"type": "long"},
            "name": {
                "type": "text",
                "analyzer": "identifier",
                "fields": {
                    "keyword": {"type": "keyword"},
                    "tri": {"type": "text", "analyzer": "trigram"},
                    "edge": {"type": "text", "analyzer": "edge", "search_analyzer": "tokens"},
                },
            },
            "name_folded": {"type": "keyword"},
            "name_leaf": {"type": "keyword"},
            "name_tokens": {"type": "text", "analyzer": "tokens"},
            "qualified_name": {"type": "text", "analyzer": "identifier"},
            "fields_text": {"type": "text", "analyzer": "tokens"},
            "meta_text": {"type": "text", "analyzer": "tokens"},
            "field_paths": {"type": "text", "analyzer": "identifier"},
            "field_leaves": {"type": "keyword"},
            "description": {"type": "text", "analyzer": "english"},
            "docs": {"type": "text", "analyzer": "english"},
            "field_descriptions": {"type": "text", "analyzer": "english"},
            "property_values": {"type": "text", "analyzer": "english"},
            "platform": {"type": "keyword"},
            "origin": {"type": "keyword"},
            "status": {"type": "keyword"},
            "domain": {"type": "keyword"},
            "browse_path": {"type": "keyword"},
            "tags": {"type": "keyword"},
            "tags_folded": {"type": "keyword"},
            "terms": {"type": "keyword"},
            "terms_folded": {"type": "keyword"},
            "owners": {"type": "keyword"},
            "owners_folded": {"type": "keyword"},
            "modified_at": {"type": "date"},
        },
    },
}


def _source(doc: SearchDocument) -> dict[str, Any]:
    leaves = sorted({simple_field_path(p).rsplit(".", 1)[-1] for p in doc.field_paths})
    return {
        "dataset_id": doc.dataset_id,
        "urn": doc.urn,
        "version": doc.version,
        "name": doc.name,
        "name_folded": doc.name.lower(),
        "name_leaf": re.split(r"[./]", doc.name.lower())[-1],
        "name_tokens": doc.name_text,
        "qualified_name": doc.qualified_name,
        "fields_text": doc.fields_text,
        "meta_text": doc.meta_text,
        "field_paths": [simple_field_path(p) for p in doc.field_paths],
        "field_leaves": leaves,
        "description": doc.description,
        "docs": doc.docs,
        "field_descriptions": doc.field_descriptions,
        "property_values": doc.property_text,
        "platform": doc.platform,
        "origin": doc.origin,
        "status": doc.status,
        "domain": doc.domain or None,
        "browse_path": doc.browse_path,
        "tags": doc.tags,
        "tags_folded": [t.lower() for t in doc.tags],
        "terms": doc.glossary_terms,
        "terms_folded": [t.lower() for t in doc.glossary_terms],
        "owners": doc.owners,
        "owners_folded": [o.lower() for o in doc.owners],
        "modified_at": doc.modified_at.isoformat(),
    }


class OpenSearchBackend(SearchBackend):
    name = "opensearch"

    def __init__(
        self,
        *,
        url: str = "",
        index: str = "",
        aws_auth: bool = False,
        region: str = "",
        timeout: float = 5.0,
        refresh: bool = False,
        **_: Any,
    ) -> None:
        if not url:
            raise ValueError("OpenSearchBackend needs a url (OPENSEARCH_URL).")
        self.url = url
        self.alias = index or DEFAULT_ALIAS
        self.aws_auth = aws_auth
        self.region = region
        self.timeout = timeout
        # Tests ask for refresh=True so a write is visible to the next search at once.
        self.refresh = refresh
        self._client = None
        self._rebuild_index: str | None = None

    # --- plumbing --------------------------------------------------------------------------

    @property
    def client(self):
        if self._client is None:
            # pylint: disable=import-outside-toplevel
            from opensearchpy import OpenSearch, RequestsHttpConnection

            kwargs: dict[str, Any] = {
                "hosts": [self.url],
                "timeout": self.timeout,
                "max_retries": 1,
                "retry_on_timeout": False,
            }
            if self.aws_auth:
                import boto3  # pylint: disable=import-outside-toplevel
                from opensearchpy import AWSV4SignerAuth  # pylint: disable=import-outside-toplevel

                credentials = boto3.Session().get_credentials()
                kwargs["http_auth"] = AWSV4SignerAuth(credentials, self.region, "es")
                kwargs["connection_class"] = RequestsHttpConnection
            self._client = OpenSearch(**kwargs)
        return self._client

    def _call(self, method, *args, **kwargs):
        # pylint: disable=import-outside-toplevel
        from opensearchpy.exceptions import ConnectionError as OSConnectionError
        from opensearchpy.exceptions import ConnectionTimeout, TransportError

        try:
            return method(*args, **kwargs)
        except (OSConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(f"OpenSearch at {self.url} is unreachable: {exc}") from exc
        except TransportError as exc:
            if isinstance(exc.status_code, int) and exc.status_code >= 500:
                raise SearchUnavailable(f"OpenSearch error {exc.status_code}: {exc}") from exc
            raise

    def _new_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        self._call(self.client.indices.create, index=name, body=INDEX_BODY)
        return name

    def _live_indices(self) -> list[str]:
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            return []
        return sorted(self._call(self.client.indices.get_alias, name=self.alias))

    def setup(self) -> None:
        if not self._live_indices():
            index = self._new_index()
            self._call(self.client.indices.put_alias, index=index, name=self.alias)

    # --- writing ---------------------------------------------------------------------------

    def bulk_index(self, documents: Sequence[SearchDocument], *, force: bool = False) -> int:
        if not documents:
            return 0
        target = self._rebuild_index or self.alias
        written, failures = self._bulk(target, documents, force)
        if failures and all(f.get("error", {}).get("type") == _UNMAPPED for f in failures):
            # An index made before a field joined the mapping: the field is added (what is
            # already mapped stays as it is), and the refused documents written again.
            mapped = {"properties": INDEX_BODY["mappings"]["properties"]}
            self._call(self.client.indices.put_mapping, index=target, body=mapped)
            refused = {f.get("_id") for f in failures}
            again = [doc for doc in documents if str(doc.dataset_id) in refused]
            more, failures = self._bulk(target, again, force)
            written += more
        if failures:
            raise SearchUnavailable(f"OpenSearch refused {len(failures)} documents: {failures[:3]}")
        return written

    def _bulk(
        self, target: str, documents: Sequence[SearchDocument], force: bool
    ) -> tuple[int, list[dict[str, Any]]]:
        """Write the documents; how many were written, and the refusals (other than of a
        version the index already holds or passed)."""
        lines: list[dict[str, Any]] = []
        for doc in documents:
            lines.append(
                {
                    "index": {
                        "_index": target,
                        "_id": str(doc.dataset_id),
                        "version": doc.version,
                        "version_type": "external_gte" if force else "external",
                    }
                }
            )
            lines.append(_source(doc))
        response = self._call(
            self.client.bulk, body=lines, refresh="true" if self.refresh else "false"
        )
        written, failures = 0, []
        for item in response.get("items", []):
            result = item.get("index", {})
            status = result.get("status", 500)
            if status in (200, 201):
                written += 1
            elif status != 409:  # 409: the index already holds this version or a newer one
                failures.append(result)
        return written, failures

    def delete(self, dataset_ids: Sequence[int]) -> None:
        if not dataset_ids:
            return
        lines = [{"delete": {"_index": self.alias, "_id": str(i)}} for i in dataset_ids]
        self._call(self.client.bulk, body=lines, refresh="true" if self.refresh else "false")

    def begin_rebuild(self) -> None:
        self._rebuild_index = self._new_index()

    def finish_rebuild(self) -> None:
        new, self._rebuild_index = self._rebuild_index, None
        if new is None:
            return
        self._call(self.client.indices.refresh, index=new)
        old = self._live_indices()
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self._call(self.client.indices.update_aliases, body={"actions": actions})
        for index in old:
            self._call(self.client.indices.delete, index=index)

    def abort_rebuild(self) -> None:
        new, self._rebuild_index = self._rebuild_index, None
        if new is not None:
            self._call(self.client.indices.delete, index=new, ignore=[404])

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _filter(key: str, values: list[str]) -> dict[str, Any]:
        if key in _FOLDED:
            return {"terms": {_FOLDED[key]: sorted({v.lower() for v in values})}}
        if key == "origin":
            return {"terms": {key: sorted({v.upper() for v in values})}}
        if key == "status":
            return {"terms": {key: sorted({v.lower() for v in values})}}
        if key in ("platform", "domain"):
            # Keyword fields match exactly; the database backend matches any case. The index
            # holds these names as the catalog spells them, so each value matches any case.
            return {
                "bool": {
                    "should": [
                        {"term": {key: {"value": value, "case_insensitive": True}}}
                        for value in sorted(set(values))
                    ],
                    "minimum_should_match": 1,
                }
            }
        return {"terms": {_FIELD_OF[key]: sorted(set(values))}}

    def _text_query(self, request: SearchRequest, *, fuzzy: bool) -> dict[str, Any]:
        query = request.query
        must: list[dict[str, Any]] = []
        must_not: list[dict[str, Any]] = []
        should: list[dict[str, Any]] = []
        if fuzzy:
            must.append(
                {
                    "match": {
                        "name.tri": {
                            "query": " ".join(query.terms),
                            "minimum_should_match": "60%",
                        }
                    }
                }
            )
        else:
            for term in query.terms:
                matches: list[dict[str, Any]] = [
                    {"multi_match": {"query": term, "fields": _TEXT_FIELDS, "type": "best_fields"}}
                ]
                if len(term) >= 3:  # infix, as in "lineage" within "lineageevent"
                    matches.append(
                        {"wildcard": {"name_folded": {"value": f"*{term}*", "boost": 4}}}
                    )
                must.append({"bool": {"should": matches, "minimum_should_match": 1}})
            for phrase in query.phrases:
                must.append(
                    {
                        "multi_match": {
                            "query": phrase,
                            "fields": ["name_tokens", *_BODY_FIELDS],
                            "type": "phrase",
                        }
                    }
                )
        for term in query.excluded_terms:
            must_not.append(
                {"multi_match": {"query": term, "fields": _TEXT_FIELDS[:3] + _TEXT_FIELDS[4:]}}
            )
        for key, values in query.excluded_filters.items():
            must_not.append(self._filter(key, values))
        raw = (query.raw_text or " ".join(query.phrases)).lower()
        if raw:
            should.append({"term": {"name_folded": {"value": raw, "boost": 50}}})
            should.append({"term": {"name_leaf": {"value": raw, "boost": 40}}})
            field_named = {"term": {"field_leaves": {"value": raw, "case_insensitive": True}}}
            should.append({"constant_score": {"filter": field_named, "boost": FIELD_NAME_BOOST}})
        if not request.all_filters().get("status") and not request.include_removed:
            must_not.append({"term": {"status": "removed"}})
        bool_query: dict[str, Any] = {"must": must or [{"match_all": {}}], "must_not": must_not}
        if should:
            bool_query["should"] = should
        return {
            "function_score": {
                "query": {"bool": bool_query},
                "functions": [
                    {"filter": {"term": {"status": "deprecated"}}, "weight": 0.5},
                    {"filter": {"term": {"status": "removed"}}, "weight": 0.2},
                ],
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }

    _SORT = {
        "relevance": [{"_score": "desc"}, {"name.keyword": "asc"}],
        "name": [{"name.keyword": "asc"}, {"dataset_id": "asc"}],
        "-modified_at": [{"modified_at": "desc"}, {"dataset_id": "asc"}],
    }

    def search(self, request: SearchRequest) -> SearchPage:
        page = self._search(request, fuzzy=False)
        if page.count == 0 and request.query.terms and not request.query.phrases:
            if len(" ".join(request.query.terms)) >= 3:
                page = self._search(request, fuzzy=True)
        return page

    def _search(self, request: SearchRequest, *, fuzzy: bool) -> SearchPage:
        filters = {k: self._filter(k, v) for k, v in request.all_filters().items() if v}
        aggs = {}
        for key in FACET_KEYS:
            others = [clause for other, clause in filters.items() if other != key]
            aggs[key] = {
                "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                "aggs": {
                    "values": {"terms": {"field": _FIELD_OF[key], "size": request.facet_size}}
                },
            }
        body: dict[str, Any] = {
            "query": self._text_query(request, fuzzy=fuzzy),
            "post_filter": {"bool": {"filter": list(filters.values())}},
            "aggs": aggs,
            "from": request.offset,
            "size": request.limit,
            "sort": self._SORT[request.sort],
            # Counted exactly up to this many, then "at least": as the database backend.
            "track_total_hits": request.track_total_hits,
            "track_scores": True,
            "_source": ["dataset_id", "urn", "name", "description", "docs", "field_paths"],
        }
        response = self._call(self.client.search, index=self.alias, body=body)
        hits = []
        terms = request.query.highlight_terms
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            hits.append(
                SearchHit(
                    dataset_id=int(source["dataset_id"]),
                    urn=source["urn"],
                    score=float(hit.get("_score") or 0.0),
                    # The same highlighter as the database backend, so both read alike.
                    highlights=highlights(
                        terms=terms,
                        name=source["name"],
                        description=source.get("description") or "",
                        field_paths=source.get("field_paths") or [],
                        body=source.get("docs") or "",
                    ),
                )
            )
        facets = {
            key: [
                FacetValue(value=str(bucket["key"]), count=int(bucket["doc_count"]))
                for bucket in response["aggregations"][key]["values"]["buckets"]
            ]
            for key in FACET_KEYS
        }
        for values in facets.values():
            values.sort(key=lambda v: (-v.count, v.value))
        total = response["hits"]["total"]
        return SearchPage(
            count=int(total["value"]),
            hits=hits,
            facets=facets,
            fuzzy=fuzzy,
            # A terms aggregation counts every match on a single shard, whatever the total.
            count_is_exact=total.get("relation", "eq") == "eq",
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        prefix = prefix.strip().lower()
        if len(prefix) < 2:
            return []
        # Lucene regexps have no case-insensitive flag: each letter is spelled as a class. Any
        # other character but a digit is escaped: Lucene's syntax is not Python's (re.escape
        # leaves `"`, `@`, `<` and `>` alone, which quote, match anything and span numbers).
        escaped = "".join(
            f"[{c}{c.upper()}]" if c.isalpha() else c if c.isdigit() else f"\\{c}" for c in prefix
        )
        body = {
            "size": limit,
            "_source": ["urn", "name", "platform", "origin"],
            "query": {
                "bool": {
                    "must": [
                        {
                            "match": {
                                "name.edge": {
                                    "query": " ".join(text_terms(prefix)) or prefix,
                                    "operator": "and",
                                }
                            }
                        }
                    ],
                    "must_not": [{"term": {"status": "removed"}}],
                    "should": [{"prefix": {"name_folded": {"value": prefix, "boost": 5}}}],
                }
            },
            # Fields, owners and tags come from every live dataset, not only the name matches.
            "aggs": {
                "everything": {
                    "global": {},
                    "aggs": {
                        "live": {
                            "filter": {"bool": {"must_not": [{"term": {"status": "removed"}}]}},
                            "aggs": {
                                kind: {
                                    "terms": {
                                        "field": field,
                                        "include": f"{start}{escaped}.*",
                                        "size": limit,
                                    }
                                }
                                for kind, field, start in (
                                    ("field", "field_leaves", ""),
                                    # Owners by URN: the name after the user or group prefix.
                                    ("owner", "owners", "urn:li:corp(user|Group):"),
                                    ("tag", "tags", ""),
                                )
                            },
                        }
                    },
                }
            },
        }
        response = self._call(self.client.search, index=self.alias, body=body)
        suggestions = [
            Suggestion(
                "dataset",
                hit["_source"]["name"],
                hit["_source"]["urn"],
                hit["_source"]["platform"],
                hit["_source"]["origin"],
            )
            for hit in response["hits"]["hits"]
        ]
        live = response["aggregations"]["everything"]["live"]
        suggestions += [Suggestion("field", str(b["key"])) for b in live["field"]["buckets"]]
        for bucket in live["owner"]["buckets"]:
            urn = str(bucket["key"])
            suggestions.append(Suggestion("owner", urn.split(":", 3)[3], urn))
        for bucket in live["tag"]["buckets"]:
            suggestions.append(Suggestion("tag", str(bucket["key"]), f"urn:li:tag:{bucket['key']}"))
        return interleave_suggestions(suggestions, limit)

    def count(self) -> int:
        self._call(self.client.indices.refresh, index=self.alias)
        return int(self._call(self.client.count, index=self.alias)["count"])

    def indexed_versions(self) -> dict[int, int]:
        # pylint: disable=import-outside-toplevel
        from opensearchpy.helpers import scan

        self._call(self.client.indices.refresh, index=self.alias)
        hits = scan(
            self.client,
            index=self.alias,
            query={"query": {"match_all": {}}, "_source": ["dataset_id", "version"]},
            size=1000,
        )
        return {int(h["_source"]["dataset_id"]): int(h["_source"]["version"]) for h in hits}

    def health(self) -> dict[str, object]:
        try:
            # No count or refresh here: /healthz calls this and must stay cheap.
            info = self._call(self.client.cluster.health)
            return {
                "ok": info.get("status") in ("green", "yellow"),
                "backend": self.name,
                "status": info.get("status"),
            }
        except SearchUnavailable as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}
