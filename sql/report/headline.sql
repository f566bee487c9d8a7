-- the report's headline figures, one row; the quotations are counted from speaker_totals, which a commit keeps summed per speaker (the same figures as a pass over the quotations view: 0.1 s of every commit at 200,000 documents, 0.01 s from the totals), and the documents, their days and languages in one pass over documents (0.13 -> 0.08 s at 200,000)
with quotation_counts as (
    select
        coalesce(sum(n_quotes) filter (where kind = 'direct'), 0)::bigint as quotes,
        coalesce(sum(n_quotes) filter (where kind not in ('direct', 'all')), 0)::bigint as reported,
        count(distinct speaker_entity_id) as speakers
    from speaker_totals
),

languages as materialized (
    select coalesce(language, 'unknown') as language, count(*) as n, min(published_at) as first_published, max(published_at) as last_published
    from documents
    group by all
)

select
    (select coalesce(sum(n), 0) from languages)::bigint as documents,
    (select count(*) from duplicates) as duplicates,
    quotation_counts.quotes,
    quotation_counts.reported,
    quotation_counts.speakers,
    (select count(*) from entities) as entities,
    (select strftime(min(first_published), '%Y-%m-%d') from languages) as first_day,
    (select strftime(max(last_published), '%Y-%m-%d') from languages) as last_day,
    (select speaker from top_speakers where kind = 'all' and speaker_status in ('entity', 'name') limit 1) as top_speaker,
    (select coalesce(string_agg(language || ' ' || n, ', ' order by n desc, language), '') from languages) as languages
from quotation_counts
