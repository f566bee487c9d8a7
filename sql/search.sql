-- table macro: the best top_k (default 100) sentences or quotations (direct and reported; kind says which) by BM25 for some words, e.g. from search('border wall', 'quotes') or search('impeachment', 'sentences', top_k := 10)
create or replace macro search(query_text, unit_kind := 'quotes', top_k := 100) as table
with

query_terms as (
    select distinct search_term(word) as term
    from (select unnest(regexp_extract_all(lower(query_text), '[\pL\pN\pM_]+')) as word)
),

stats as (
    select n_units, avg_length from search_stats where unit = unit_kind
),

matches as (
    select terms.unit_id, terms.doc_id, terms.term, terms.tf, terms.unit_length
    from terms
    semi join query_terms using (term)
    where terms.unit = unit_kind
),

idf as (
    select term, ln(1 + (stats.n_units - count(*) + 0.5) / (count(*) + 0.5)) as weight
    from matches, stats
    group by term, stats.n_units
),

scored as (
    -- BM25 with k1 = 1.2, b = 0.75
    select
        matches.unit_id,
        any_value(matches.doc_id) as doc_id,
        sum(idf.weight * matches.tf * 2.2 / (matches.tf + 1.2 * (0.25 + 0.75 * matches.unit_length / stats.avg_length))) as score,
        count(*) as n_terms_matched
    from matches
    join idf using (term)
    cross join stats
    group by matches.unit_id
),

best as (
    -- only the best units are joined to their text below: the ranking itself is cheap
    select * from scored
    qualify row_number() over (order by score desc, unit_id) <= top_k
),

quote_hits as (
    select
        best.unit_id,
        best.score,
        best.n_terms_matched,
        quotation_rows.speaker,
        quotation_rows.kind,
        quotation_rows.quote as text,
        document_rows.title,
        document_rows.published_at,
        document_rows.language,
        best.doc_id
    from best
    join quotations as quotation_rows on quotation_rows.quote_group = best.unit_id
    join documents as document_rows on document_rows.doc_id = best.doc_id
    where unit_kind = 'quotes'
),

sentence_hits as (
    select best.unit_id, best.score, best.n_terms_matched, null::varchar as speaker, null::varchar as kind, sentence_rows.text,
        document_rows.title, document_rows.published_at, document_rows.language, best.doc_id
    from best
    join sentences as sentence_rows on sentence_rows.sentence_id = best.unit_id
    join documents as document_rows on document_rows.doc_id = best.doc_id
    where unit_kind = 'sentences'
),

final as (
    select
        row_number() over (order by score desc, unit_id) as rank,
        round(score, 3) as score,
        n_terms_matched,
        speaker,
        kind,
        text,
        title,
        published_at,
        language,
        doc_id,
        unit_id
    from (select * from quote_hits union all select * from sentence_hits)
)

select * from final
order by rank
