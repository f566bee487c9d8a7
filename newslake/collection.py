"""The collection's tables (issue 25), made at each commit after the SQL-derived ones by the pure
transforms: story_bands, story_pairs and document_stories (transforms.collection.stories), wire_credits
(transforms.collection.wire), document_outlets (transforms.collection.outlets), statement_grams, statements and
statement_quotations (transforms.collection.statements), outlet_speakers (counted in DuckDB), gender_evidence and person_genders (transforms.collection.gender).

A commit reads what changed, never the whole lake: the documents added, deleted, or now in or out of
`duplicates` (copies stay out of stories, statements and genders, as they stay out of the views).
- A document's own rows (band keys, wire credits, gender evidence, statement grams) are made from
  its own text and rows, so only added documents get new rows (the carry-over drops deleted ones).
- Stories: the new documents' band keys are joined with the lake's in DuckDB, the candidates
  confirmed from the texts of those documents only, and the documents connected to a change through
  story_pairs regrouped (a story is a function of its connected documents).
- Outlets: every document of a domain a changed document has (a domain's name is its documents'
  majority).
- Statements: the quotations whose statement may change, found by a closure (`_affected_quotations`)
  over match keys, the parts of each key, the longer forms holding it (statement_grams) and the
  statements they were in; statements are a function of those.
- Outlets' speakers: every outlet's counts of the speakers the changed documents quote.
- Genders: the persons the changed documents name.
Every step equals its full rebuild (`rebuild_collection`), which tests compare.

Longer than most modules: the five kinds of table read each other (statements read outlets, genders
read evidence), and each step's incremental path sits next to its full one so the two can be read
as one rule.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import pyarrow as pa

from newslake.location import sql_path
from transforms.collection import gender, outlets, statements, stories, wire
from transforms.schema import COLLECTION_TABLES, TABLES

if TYPE_CHECKING:
    import duckdb

# Changing a transform's rules changes its rows: this version, with the thresholds and rule files'
# contents, is part of each table's signature, so the next commit rebuilds it.
VERSION = "1"
# The SQL-derived tables the queries below read (`lake.<table>`, `previous_<table>`): a change to one
# of them rebuilds the collection's tables (a test holds this list to the names the module reads)
COLLECTION_READS = ("duplicates", "quotations")
KEPT = "anti join lake.duplicates using (doc_id)"  # copies listed in duplicates stay out, as in the views
BATCH_DOCUMENTS = 500  # documents whose rows are made together
BUCKET_DOCUMENTS = 2_000  # documents read back together in a full rebuild


def collection_signatures(previous: str) -> dict[str, str]:
    """Each collection table's signature: the signature of the SQL-derived tables it reads
    (`previous`, made from COLLECTION_READS'), its schema, the transforms' parameters and rule files."""
    from transforms.rules import lines

    rules = "\n".join("\n".join(lines(name)) for name in (wire.RULES, "gendered_words.tsv"))
    digest = hashlib.sha256(f"{previous}\n{VERSION}\n{stories.THRESHOLD}\n{stories.NUM_PERM}\n{statements.MIN_WORDS}\n{gender.AGREEMENT}\n{rules}".encode())
    signatures = {}
    for name, table in COLLECTION_TABLES.items():
        digest.update(f"{name}\n{table.columns}\n{table.per_document}\n".encode())
        signatures[name] = digest.copy().hexdigest()[:16]
    return signatures


class Collection:
    """One making of the collection tables on a DuckDB connection whose views are the tables now
    (`db`; the collection tables as carried over), where the previous snapshot's tables are views
    named `previous` + their name (`previous` None for a full rebuild).

    `write(name, batches)` makes a table whole from its rows in a full rebuild, else appends them;
    `remove(name, column, values)` leaves out the rows whose column holds one of the values; both
    leave the view `name` on `db` showing the table's new rows."""

    def __init__(
        self, db: duckdb.DuckDBPyConnection, write: Callable[[str, Iterable[pa.Table]], None], remove: Callable[[str, str, set[str]], None],
        previous: str | None = None, written: set[str] = frozenset(), deleted: set[str] = frozenset(),
        into_duplicates: set[str] = frozenset(), out_of_duplicates: set[str] = frozenset(),
        files: Callable[[str], str | None] | None = None,
    ):
        """`written`: documents whose rows this commit wrote; `deleted`: whose rows went (a document
        changed in place is both); `into_duplicates`, `out_of_duplicates`: documents now listed in
        `duplicates` or no longer (left out of stories, statements and genders, or back in);
        `files(name)`: the files of the view `lake.<name>` as a `read_parquet` list (None: none)."""
        self.db, self.write, self.remove, self.previous, self.files = db, write, remove, previous, files
        self.full = previous is None
        self.written, self.deleted = set(written), set(deleted)
        self.entering = self.written | set(out_of_duplicates)  # may be in duplicates now: KEPT filters
        self.leaving = self.deleted | set(into_duplicates)
        self.changed = self.entering | self.leaving

    def make(self) -> None:
        # Every query names `lake.<table>` (every row, copies included: KEPT leaves them out where
        # they must), never a base view; the previous snapshot's views are `previous_<table>`.
        self._own_rows()
        self._stories()
        outlet_changed = self._outlets()
        self._statements(outlet_changed)
        self._outlet_speakers(outlet_changed)
        self._person_genders()

    # -- reading ----------------------------------------------------------------------------

    def rows(self, sql: str, **tables: Iterable) -> list[dict]:
        """The query's rows, with each keyword a one-column table of that name (`value`) to join."""
        db = self.db
        names = []
        try:
            for name, values in tables.items():
                column = "value"
                array = pa.array(sorted(set(values)), pa.int64() if name.endswith("grams") else pa.string())
                db.register(name, pa.table({column: array}))
                names.append(name)
            return db.sql(sql).to_arrow_table().to_pylist()
        finally:
            for name in names:
                db.unregister(name)

    def _per_document(self, doc_ids: set[str] | None, queries: dict[str, str]) -> Iterator[list[tuple[str, dict[str, list]]]]:
        """Batches of (doc_id, {query name: its rows}) for the documents (all when None), each query
        reading its table `{source}` (cut to the documents) and giving doc_id. All documents are
        streamed in doc_id order, every query once (a query per batch would read each table again)."""
        if doc_ids is not None:
            ordered = sorted(doc_ids)
            for first in range(0, len(ordered), BATCH_DOCUMENTS):
                batch = ordered[first:first + BATCH_DOCUMENTS]
                found: dict[str, dict[str, list]] = {doc_id: {name: [] for name in queries} for doc_id in batch}
                for name, sql in queries.items():
                    for row in self.rows(sql.format(source="(select value as doc_id from wanted)"), wanted=batch):
                        found[row["doc_id"]][name].append(row)
                yield list(found.items())
            return
        # a bucket of documents (by a hash of doc_id) at a time, each query cut to it: every table is
        # read once per bucket, but nothing is sorted or held whole (sorting every document's text,
        # or writing it partitioned, ran out of DuckDB's 1 GB on 200,000 documents)
        buckets = max(1, self.rows("select count(*) as n from lake.documents")[0]["n"] // BUCKET_DOCUMENTS)
        for bucket in range(buckets):
            source = f"(select doc_id from lake.documents where hash(doc_id) % {buckets} = {bucket})"
            found: dict[str, dict[str, list]] = {row["doc_id"]: {query: [] for query in queries} for row in self.rows(f"select doc_id from {source}")}
            for name, sql in queries.items():
                for row in self.rows(sql.format(source=source)):
                    found[row["doc_id"]][name].append(row)
            ordered = sorted(found.items())
            for first in range(0, len(ordered), BATCH_DOCUMENTS):
                yield ordered[first:first + BATCH_DOCUMENTS]

    # -- a document's own rows ----------------------------------------------------------------

    OWN = {  # table -> the queries its rows are made from
        "story_bands": ("document",),
        "wire_credits": ("document",),
        "gender_evidence": ("document", "people", "sentences", "quotes"),
        "statement_grams": ("quotations",),
    }
    QUERIES = {
        "document": "select doc_id, text from lake.documents semi join {source} using (doc_id)",
        "people": "select doc_id, start_char, end_char, entity_id from lake.mentions semi join {source} using (doc_id) where label = 'PERSON' order by doc_id, start_char, mention_id",
        "sentences": "select doc_id, start_char, end_char from lake.sentences semi join {source} using (doc_id) order by doc_id, start_char",
        "quotes": "select doc_id, quote_id, kind, start_char, end_char, speaker, speaker_start, speaker_entity_id from lake.quotes semi join {source} using (doc_id) order by doc_id, start_char, quote_id",
        "quotations": "select doc_id, quote_group, quote from lake.quotations semi join {source} using (doc_id)",
    }

    def _own_rows(self) -> None:
        """The rows each document makes from its own text and rows: for the written documents, read
        once; in a full rebuild, each table from every document, streamed."""
        makers = {"story_bands": _band_rows, "wire_credits": _wire_rows, "gender_evidence": _gender_rows, "statement_grams": _gram_rows}
        if self.full:
            for name, make in makers.items():
                queries = {query: self.QUERIES[query] for query in self.OWN[name]}
                self.write(name, (TABLES[name].from_rows(make(batch)) for batch in self._per_document(None, queries)))
            return
        batches = list(self._per_document(self.written, self.QUERIES))
        for name, make in makers.items():
            self.write(name, [TABLES[name].from_rows([row for batch in batches for row in make(batch)])])

    # -- stories ----------------------------------------------------------------------------

    def _stories(self) -> None:
        """story_pairs: pairs of kept documents sharing a band key whose shingles reach the
        threshold; document_stories: every kept document's story."""
        if self.full:
            candidates = self.rows(
                "select distinct a.doc_id as a, b.doc_id as b from (from lake.story_bands " + KEPT + ") as a "
                "join (from lake.story_bands " + KEPT + ") as b on a.band = b.band and a.band_key = b.band_key and a.doc_id < b.doc_id")
            entering = None
        else:
            entering = {row["doc_id"] for row in self.rows(f"select doc_id from lake.documents {KEPT} where doc_id in (select value from wanted)", wanted=self.entering)}
            candidates = self.rows(
                "select distinct least(a.doc_id, b.doc_id) as a, greatest(a.doc_id, b.doc_id) as b "
                "from (from lake.story_bands where doc_id in (select value from entering)) as a "
                "join (from lake.story_bands " + KEPT + ") as b on a.band = b.band and a.band_key = b.band_key and a.doc_id <> b.doc_id",
                entering=entering)
        pairs = [(row["a"], row["b"]) for row in candidates]
        texts = {row["doc_id"]: row["text"] for row in self.rows(
            "select doc_id, text from lake.documents where doc_id in (select value from wanted)", wanted={d for pair in pairs for d in pair})}
        confirmed = stories.confirm_pairs(pairs, texts)
        changed = self.leaving | (entering or set())
        self._replace_rows("story_pairs", confirmed, ("doc_id_a", "doc_id_b"), changed)
        links: dict[str, set[str]] = {}

        def link(pairs: list[dict]) -> None:
            for row in pairs:
                links.setdefault(row["doc_id_a"], set()).add(row["doc_id_b"])
                links.setdefault(row["doc_id_b"], set()).add(row["doc_id_a"])

        if self.full:
            link(self.rows("select doc_id_a, doc_id_b from lake.story_pairs"))
            regrouped = None
        else:
            old_partners = {row["other"] for row in self.rows(
                f"select doc_id_b as other from {self.previous}story_pairs where doc_id_a in (select value from changed) "
                f"union select doc_id_a from {self.previous}story_pairs where doc_id_b in (select value from changed)", changed=self.leaving)}
            # the documents connected to the seeds through story_pairs, a step of the join at a time
            regrouped, frontier = set(), entering | (old_partners - self.leaving)
            while frontier:
                regrouped |= frontier
                pairs = self.rows("select doc_id_a, doc_id_b from lake.story_pairs where doc_id_a in (select value from wanted) or doc_id_b in (select value from wanted)",
                                  wanted=frontier)
                link(pairs)
                frontier = {doc_id for row in pairs for doc_id in (row["doc_id_a"], row["doc_id_b"])} - regrouped
        published = {row["doc_id"]: row["published_at"] for row in self.rows(
            f"select doc_id, published_at from lake.documents {KEPT}" + ("" if regrouped is None else " where doc_id in (select value from wanted)"),
            wanted=regrouped or ())}
        pairs_within = [{"doc_id_a": a, "doc_id_b": b} for a in published for b in links.get(a, ()) if a < b and b in published]
        grouped = stories.group_stories(published, pairs_within)
        self._replace_rows("document_stories", grouped, ("doc_id",), self.leaving | set(published))

    # -- outlets ----------------------------------------------------------------------------

    def _outlets(self) -> set[str]:
        """document_outlets: the written documents' rows, and every document of a domain whose name
        (the site name most of its documents give) the commit changed; returns the documents
        already in the lake whose outlet is not what it was. A domain's name is counted in DuckDB
        from each document's own site name, kept in the table, so a commit reads no other text."""
        if self.full:
            documents = self.rows("select doc_id, outlet, url from lake.documents")
            made = outlets.outlet_rows((row["doc_id"], row["outlet"], row["url"]) for row in documents)
            own = {row["doc_id"]: outlets.outlet(row["outlet"], None) or None for row in documents}
            self._replace_rows("document_outlets", [{**row, "site_name": own[row["doc_id"]]} for row in made], ("doc_id",), set())
            return set()
        new = [
            {"doc_id": row["doc_id"], "site_name": outlets.outlet(row["outlet"], None) or None, "outlet_domain": outlets.registrable_domain(row["url"])}
            for row in self.rows("select doc_id, outlet, url from lake.documents where doc_id in (select value from wanted)", wanted=self.written)
        ]
        domains = {row["outlet_domain"] for row in new} | {row["outlet_domain"] for row in self.rows(
            f"select outlet_domain from {self.previous}document_outlets where doc_id in (select value from wanted)", wanted=self.deleted)}
        domains.discard(None)
        names_sql = (
            "select outlet_domain, arg_min(site_name, (-n, site_name)) as name from ("
            " select outlet_domain, site_name, count(*) as n from ({rows}) where outlet_domain in (select value from domains)"
            " and site_name is not null and site_name <> outlet_domain group by all) group by outlet_domain"
        )
        before = {row["outlet_domain"]: row["name"] for row in self.rows(names_sql.format(rows=f"from {self.previous}document_outlets"), domains=domains)}
        self.db.register("written_outlets", pa.Table.from_pylist(new, schema=pa.schema(
            [("doc_id", pa.string()), ("site_name", pa.string()), ("outlet_domain", pa.string())])))
        try:
            current = "select doc_id, site_name, outlet_domain from lake.document_outlets union all from written_outlets"
            now = {row["outlet_domain"]: row["name"] for row in self.rows(names_sql.format(rows=current), domains=domains)}
            renamed = {domain for domain in domains if before.get(domain) != now.get(domain)}
            made = self.rows(
                f"select doc_id, outlet_domain, site_name from ({current}) "
                "where doc_id in (select doc_id from written_outlets) or outlet_domain in (select value from renamed)", renamed=renamed)
        finally:
            self.db.unregister("written_outlets")
        for row in made:
            row["outlet"] = now.get(row["outlet_domain"]) or row["site_name"] or row["outlet_domain"]
        written = {row["doc_id"] for row in new}
        self._replace_rows("document_outlets", made, ("doc_id",), {row["doc_id"] for row in made})
        return {row["doc_id"] for row in made if row["doc_id"] not in written}

    # -- statements -------------------------------------------------------------------------

    OCCURRENCES = (
        "select q.quote_group, q.doc_id, q.quote, q.kind, q.speaker_name, q.speaker_entity_id, d.published_at, o.outlet "
        "from (from lake.quotations " + KEPT + ") as q join lake.documents as d using (doc_id) left join lake.document_outlets as o using (doc_id)"
    )

    def _statements(self, outlet_changed: set[str]) -> None:
        if self.full:
            occurrences = self.rows(self.OCCURRENCES)
            gone_statements: set[str] = set()
            gone_quotations: set[str] = set()
        else:
            changed = self.changed | outlet_changed
            groups, gone_statements, held_links = self._affected_quotations(changed)
            occurrences = self.rows(self.OCCURRENCES + " where q.quote_group in (select value from wanted)", wanted=groups)
            gone_quotations = groups | {group for group, row in held_links.items() if row["doc_id"] in changed}
        made, links = statements.statements(occurrences)
        if self.full:
            # the rows a commit replaces are those of statements new documents join, mostly the
            # latest seen: kept in that order, they sit in a few parts, and only those are rewritten
            made.sort(key=lambda row: (row["last_seen_at"] is None, row["last_seen_at"] or 0, row["statement_id"]))
        else:
            # a statement another document joined is rewritten, but its quotations mostly keep
            # their rows: only rows that differ are replaced, since removing one rewrites its part
            made, gone_statements = self._differing("statements", "statement_id", made, gone_statements)
            links, gone_quotations = self._differing("statement_quotations", "quote_group", links, gone_quotations, held_links)
        self._replace_rows("statements", made, ("statement_id",), gone_statements)
        self._replace_rows("statement_quotations", links, ("quote_group",), gone_quotations)

    def _differing(self, name: str, key: str, made: list[dict], gone: set[str], held: dict[str, dict] | None = None) -> tuple[list[dict], set[str]]:
        """The made rows that the table does not already hold as they are, and the keys among `gone`
        whose rows are to go (those not kept unchanged): the table ends the same, its parts
        rewritten only for rows that changed. `held`: the table's rows by key, when already read
        (every row whose key is a made row's or in `gone`; others are not looked at)."""
        columns = TABLES[name].columns.names
        if held is None:
            held = {row[key]: row for row in self._rows_by_key(name, key, gone | {row[key] for row in made})}
        same = {row[key] for row in made if held.get(row[key]) == {column: row.get(column) for column in columns}}
        return [row for row in made if row[key] not in same], (gone | {row[key] for row in made if row[key] in held}) - same

    def _rows_by_key(self, name: str, key: str, values: set[str]) -> list[dict]:
        """The table's rows whose `key` is one of `values`, read whole only from the parts that
        hold any: the key is looked up in one column of every part, the other columns are read
        where the rows are (`statements` at 200,000 documents: 0.22 -> 0.08 s, a commit's rows in 6
        of its 42 parts)."""
        columns = ", ".join(TABLES[name].columns.names)
        source = self.files(name) if self.files is not None else None
        if source is None:
            return self.rows(f"select {columns} from lake.{name} where {key} in (select value from wanted)", wanted=values)
        holding = self.rows(f"select distinct filename from read_parquet({source}) where {key} in (select value from wanted)", wanted=values)
        if not holding:
            return []
        files = "[" + ", ".join(sql_path(row["filename"]) for row in holding) + "]"
        return self.rows(f"select {columns} from read_parquet({files}) where {key} in (select value from wanted)", wanted=values)

    def _affected_quotations(self, changed: set[str]) -> tuple[set[str], set[str], dict[str, dict]]:
        """For documents `changed` (their quotations came, went or changed outlet): the kept
        quotations whose statement may differ from the previous snapshot's, the previous statements
        they were in, and the statement_quotations rows the closure read, by quotation. A closure
        over match keys: a key is affected when it is a changed quotation's, a part (>= 6
        words) of an affected key, a longer key holding an affected one (found by its first 6 words
        in statement_grams), or in a statement an affected key was in. A quotation outside it has
        its own form and every longer form holding it unchanged, so it joins what it joined, and its
        statement keeps every member (see tests/test_collection.py).

        The rows read hold every row of the changed documents' and of the affected quotations, since
        each is in a statement the closure expands: `_statements` compares with them instead of
        reading the table again (0.15 s of a commit at 200,000 documents). That rests on
        `lake.statement_quotations` being, at this point, the previous snapshot's rows less those of
        deleted documents (nothing writes it before `_statements`), so that every row of a changed
        document still there is among `previous_links`."""
        previous_links = self.rows(f"select statement_id, match_key from {self.previous}statement_quotations where doc_id in (select value from wanted)", wanted=changed)
        current = self.rows("select quote_group, quote from lake.quotations " + KEPT + " where doc_id in (select value from wanted)", wanted=changed)
        groups = {row["quote_group"] for row in current}
        statement_ids = {row["statement_id"] for row in previous_links}
        keys = {row["match_key"] for row in previous_links} | {statements.match_key(row["quote"] or "") for row in current}
        keys.discard("")
        frontier, expanded, held_links = set(keys), set(), {}
        columns = ", ".join(TABLES["statement_quotations"].columns.names)  # (whole rows: `_differing` compares them)
        while frontier or statement_ids - expanded:
            lookup = {part for key in frontier for part in _parts(key)}
            firsts = {_gram(key.split(" ")[:statements.MIN_WORDS]) for key in frontier if key.count(" ") + 1 >= statements.MIN_WORDS}
            # one pass over statement_quotations for the three ways in (each a scan of 1.8 M rows
            # at 200,000 documents), none for a way with nothing to look up
            ways = []
            if lookup:
                ways.append("match_key in (select value from wanted)")
            if firsts:
                ways.append("quote_group in (select quote_group from lake.statement_grams where gram in (select value from first_grams))")
            if statement_ids - expanded:
                ways.append("statement_id in (select value from statements_wanted)")
            found = self.rows(
                f"select {columns} from lake.statement_quotations where " + " or ".join(ways),
                wanted=lookup, first_grams=firsts, statements_wanted=statement_ids - expanded) if ways else []
            expanded |= statement_ids
            held_links.update((row["quote_group"], row) for row in found)
            groups |= {row["quote_group"] for row in found}
            statement_ids |= {row["statement_id"] for row in found}
            frontier = {row["match_key"] for row in found} - keys
            keys |= frontier
        kept = {row["quote_group"] for row in self.rows(f"select quote_group from lake.quotations {KEPT} where quote_group in (select value from wanted)", wanted=groups)}
        return kept, statement_ids, held_links

    # -- whom each outlet quotes ------------------------------------------------------------

    ATTRIBUTIONS = (
        "select o.outlet, coalesce(q.speaker_entity_id, lower(q.speaker)) as speaker_key, q.speaker_entity_id, q.speaker, q.doc_id, q.n_words "
        "from (from {quotations} " + KEPT + ") as q left join {outlets} as o using (doc_id) "
        "where q.speaker_status in ('entity', 'name', 'group') and coalesce(q.speaker_entity_id, q.speaker) is not null"
    )

    def _outlet_speakers(self, outlet_changed: set[str]) -> None:
        """outlet_speakers: each outlet's attributions per speaker, for quotes_by_outlet (grouping
        every attribution at query time took 0.8 s at 200,000 documents). A commit recounts, in
        every outlet, the speakers that the changed documents' attributions give, now and before."""
        attributions = self.ATTRIBUTIONS.format(quotations="lake.quotations", outlets="lake.document_outlets")
        where, speakers = "", set()
        if not self.full:
            changed = self.changed | outlet_changed
            before = self.ATTRIBUTIONS.replace(KEPT, "").format(quotations=f"{self.previous}quotations", outlets=f"{self.previous}document_outlets")
            speakers = {row["speaker_key"] for source in (attributions, before) for row in self.rows(
                f"select distinct speaker_key from ({source}) where doc_id in (select value from wanted)", wanted=changed)}
            where = " where speaker_key in (select value from speakers)"
        made = self.rows(
            f"with attributions as (select * from ({attributions}){where}), "
            "names as (select outlet, speaker_key, speaker, count(*) as n from attributions where speaker is not null group by all), "
            "named as (select outlet, speaker_key, arg_min(speaker, (-n, speaker)) as speaker from names group by all), "
            "totals as (select outlet, speaker_key, any_value(speaker_entity_id) as speaker_entity_id, count(*) as n_quotes, "
            "sum(n_words)::bigint as n_words, count(distinct doc_id) as n_docs from attributions group by all) "
            "select totals.*, named.speaker from totals left join named "
            "on named.outlet is not distinct from totals.outlet and named.speaker_key = totals.speaker_key",
            speakers=speakers)
        self._replace_rows("outlet_speakers", made, ("speaker_key",), speakers)

    # -- genders ----------------------------------------------------------------------------

    def _person_genders(self) -> None:
        """person_genders of every person a kept document names, from the kept documents' evidence."""
        where = ""
        entities: set[str] = set()
        if not self.full:
            sql = "select distinct entity_id from {}mentions where label = 'PERSON' and doc_id in (select value from wanted)"
            entities = {row["entity_id"] for prefix in ("lake.", self.previous) for row in self.rows(sql.format(prefix), wanted=self.changed)}
            where = " and entity_id in (select value from entities)"
        people = [row["entity_id"] for row in self.rows(f"select distinct entity_id from lake.mentions {KEPT} where label = 'PERSON'{where}", entities=entities)]
        evidence = self.rows(f"select doc_id, entity_id, gender from lake.gender_evidence {KEPT} where true{where}", entities=entities)
        made = gender.person_genders(people, evidence)
        self._replace_rows("person_genders", made, ("entity_id",), entities)

    # -- writing ----------------------------------------------------------------------------

    def _replace_rows(self, name: str, rows: list[dict], columns: tuple[str, ...], changed: set[str]) -> None:
        """In a full rebuild, the table is `rows`; else its rows whose `columns` hold a `changed`
        value are replaced by `rows` (only the parts that hold them are rewritten)."""
        if not self.full:
            for column in columns:
                self.remove(name, column, changed)
        self.write(name, [TABLES[name].from_rows(rows)])


def _band_rows(batch: list[tuple[str, dict[str, list]]]) -> list[dict]:
    return [row for doc_id, found in batch for document in found["document"] for row in stories.band_rows(doc_id, document["text"])]


def _wire_rows(batch: list[tuple[str, dict[str, list]]]) -> list[dict]:
    return [row for doc_id, found in batch for document in found["document"] for row in wire.wire_rows(doc_id, document["text"])]


def _gender_rows(batch: list[tuple[str, dict[str, list]]]) -> list[dict]:
    rows = []
    for doc_id, found in batch:
        for document in found["document"]:
            people = [gender.Person(row["start_char"], row["end_char"], row["entity_id"]) for row in found["people"]]
            sentences = [(row["start_char"], row["end_char"]) for row in found["sentences"]]
            rows += gender.gender_evidence(doc_id, document["text"], people, sentences, found["quotes"])
    return rows


def _gram_rows(batch: list[tuple[str, dict[str, list]]]) -> list[dict]:
    return [
        {"doc_id": doc_id, "quote_group": row["quote_group"], "gram": gram}
        for doc_id, found in batch for row in found["quotations"] for gram in sorted(_grams(statements.match_key(row["quote"] or "")))
    ]


def _gram(words: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _grams(key: str) -> set[int]:
    """Every run of MIN_WORDS words of a match key, hashed (none for a shorter key)."""
    words = key.split(" ") if key else []
    return {_gram(words[i:i + statements.MIN_WORDS]) for i in range(len(words) - statements.MIN_WORDS + 1)}


def _parts(key: str) -> set[str]:
    """The key and every run of at least MIN_WORDS of its words: the forms it may hold."""
    words = key.split(" ")
    found = {key}
    for length in range(statements.MIN_WORDS, len(words)):
        found.update(" ".join(words[i:i + length]) for i in range(len(words) - length + 1))
    return found


def rebuild_collection(connection: duckdb.DuckDBPyConnection) -> None:
    """Every collection table made whole, as a table `lake.<name>` of the connection with its base
    view, from the base views of the tables it holds (the SQL-derived ones made first): what a
    first commit makes, without the store."""
    from newslake.views import LAKE, base_view_sql

    def write(name: str, batches: Iterable[pa.Table]) -> None:
        """The table as `lake.<name>`, and its base view `<name>` over it."""
        tables = list(batches)
        connection.register(f"made_{name}", pa.concat_tables(tables) if tables else TABLES[name].empty())
        try:
            found = "select 'view' from duckdb_views() where schema_name = ? and view_name = ? union all select 'table' from duckdb_tables() where schema_name = ? and table_name = ?"
            for kind, in connection.execute(found, [LAKE, name, LAKE, name]).fetchall():
                connection.execute(f"drop {kind} {LAKE}.{name}")
            connection.execute(f"create table {LAKE}.{name} as from made_{name}")
        finally:
            connection.unregister(f"made_{name}")
        connection.execute(f"create or replace view main.{name} as {base_view_sql(TABLES[name])}")

    Collection(connection, write, lambda name, column, values: None).make()
