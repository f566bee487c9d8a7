-- the report's headline figures, one row; one pass over the quotations view, which groups every quote piece
with quotation_counts as (
    select
        count(*) filter (where kind = 'direct') as quotes,
        count(*) filter (where kind <> 'direct') as reported,
        count(distinct speaker_entity_id) as speakers
    from quotations
)
select
    (select count(*) from documents) as documents,
    (select count(*) from duplicates) as duplicates,
    quotation_counts.quotes,
    quotation_counts.reported,
    quotation_counts.speakers,
    (select count(*) from entities) as entities,
    (select strftime(min(published_at), '%Y-%m-%d') from documents) as first_day,
    (select strftime(max(published_at), '%Y-%m-%d') from documents) as last_day,
    (select speaker from top_speakers where kind = 'all' and speaker_status in ('entity', 'name') limit 1) as top_speaker,
    (
        select coalesce(string_agg(language || ' ' || n, ', ' order by n desc, language), '')
        from (select coalesce(language, 'unknown') as language, count(*) as n from documents group by all)
    ) as languages
from quotation_counts
