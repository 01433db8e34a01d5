"""PostgreSQL: a phrase of two words found through an index, not by reading every candidate's
positions.

``pair_vector`` holds each pair of adjacent words of the document as one lexeme (``'user id'``),
from the same words and positions as ``search_vector`` (its expression, migration 0002, is
restated here: a generated column cannot read another). A two-word phrase is then one GIN
lookup of its pair, exact, where the phrase operator found every document holding both words
and read each one's ~1.3 kB vector from TOAST to compare positions: ``"user id"`` at 10k counted
2,928 matches in 2.6 ms instead of 30 ms. A longer phrase looks up all its pairs, then checks
positions on those candidates only. ``mdt_phrase_pairs`` spells a phrase's pairs in both
configurations the search uses (``simple``, ``english``); it answers NULL when either has a gap
(``english`` drops stop words: ``load the date`` is ``load <2> date``), and the search falls back
to positions.

Adding the column rewrites the table: 4 s for 10k documents and 48 s for 100k on a 2-core
machine. Its pairs are computed at every write: ``search_reindex`` of 1M documents took 1,096 s
with them, 429 s before. ``search/tests/test_bounded.py`` checks that the column still holds
the pairs of ``search_vector``.
"""

from django.db import migrations

SEARCH_VECTOR = """
    setweight(to_tsvector('simple', coalesce(name_text, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(name_infix, '') || ' '
                                       || coalesce(fields_text, '') || ' '
                                       || coalesce(meta_text, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body_text, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(platform, '') || ' ' || coalesce(origin, '')
                                       || ' ' || coalesce(domain, '')), 'D')
"""
POSTGRES_FORWARD = [
    # Each lexeme at a position, joined with the one at the next position.
    """
    CREATE FUNCTION mdt_word_pairs(v tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)),
                      ''::tsvector)
      FROM (SELECT u.lexeme, unnest(u.positions) AS p FROM unnest(v) u) a
      JOIN (SELECT u.lexeme, unnest(u.positions) AS p FROM unnest(v) u) b ON b.p = a.p + 1
    $$
    """,
    # Every pair of the phrase in one spelling, or the other (a tsquery); NULL when a spelling
    # has fewer than two words or a gap between them.
    """
    CREATE FUNCTION mdt_phrase_pairs(phrase text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      WITH spelled(v) AS (
        VALUES (to_tsvector('simple', phrase)), (to_tsvector('english', phrase))
      ), checked AS (
        SELECT v, (SELECT count(*) >= 2 AND min(p) = 1 AND max(p) = count(*)
                   FROM (SELECT unnest(u.positions) AS p FROM unnest(v) u) x) AS whole
        FROM spelled
      )
      SELECT CASE WHEN bool_and(whole) THEN (
        SELECT string_agg('(' || every || ')', ' | ')::tsquery FROM (
          SELECT (SELECT string_agg('''' || replace(replace(pair, '\\', '\\\\'), '''', '''''')
                                    || '''', ' & ')
                  FROM unnest(tsvector_to_array(mdt_word_pairs(c.v))) AS pair) AS every
          FROM checked c) s)
      END FROM checked
    $$
    """,
    "ALTER TABLE search_datasetdocument ADD COLUMN pair_vector tsvector "
    f"GENERATED ALWAYS AS (mdt_word_pairs({SEARCH_VECTOR})) STORED",
    "CREATE INDEX search_doc_pair_vector ON search_datasetdocument USING gin (pair_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_pair_vector",
    "ALTER TABLE search_datasetdocument DROP COLUMN IF EXISTS pair_vector",
    "DROP FUNCTION IF EXISTS mdt_phrase_pairs(text)",
    "DROP FUNCTION IF EXISTS mdt_word_pairs(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        del apps
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0010_suggestion_dictionary")]
    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
