-- how coverage changes over time: documents, direct quotations, reported speech and entity mentions per publication day (UTC) and language (sum over languages for every document of a day)
with

dated_documents as (
    -- the per-document counts are doc_stats'
    select date_trunc('day', published_at)::date as day, language, n_quotes, n_reported, n_mentions
    from doc_stats
    where published_at is not null
),

final as (
    select
        day,
        language,
        count(*) as n_documents,
        sum(n_quotes)::bigint as n_quotes,
        sum(n_reported)::bigint as n_reported,
        sum(n_mentions)::bigint as n_mentions
    from dated_documents
    group by day, language
)

select * from final
order by day, n_documents desc, language
