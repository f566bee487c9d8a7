-- table macro: sentences or quotations ranked by BM25 for some words, e.g. from search('border wall', 'quotes') or search('impeachment', 'sentences')
create or replace macro search(query_text, unit_kind := 'quotes') as table
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

quote_hits as (
    select scored.unit_id, scored.score, scored.n_terms_matched, quote_rows.speaker, quote_rows.quote as text,
        quote_rows.title, quote_rows.published_at, scored.doc_id
    from scored
    join speaker_quotes as quote_rows on quote_rows.quote_group = scored.unit_id
    where unit_kind = 'quotes'
),

sentence_hits as (
    select scored.unit_id, scored.score, scored.n_terms_matched, null::varchar as speaker, sentence_rows.text,
        document_rows.title, document_rows.published_at, scored.doc_id
    from scored
    join sentences as sentence_rows on sentence_rows.sentence_id = scored.unit_id
    join documents as document_rows on document_rows.doc_id = scored.doc_id
    where unit_kind = 'sentences'
),

final as (
    select
        row_number() over (order by score desc, unit_id) as rank,
        round(score, 3) as score,
        n_terms_matched,
        speaker,
        text,
        title,
        published_at,
        doc_id,
        unit_id
    from (select * from quote_hits union all select * from sentence_hits)
)

select * from final
order by rank
