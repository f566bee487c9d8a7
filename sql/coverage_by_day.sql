-- how coverage changes over time: documents, stories (near-copies counted once: a story counts on each day one of its documents was published), direct quotations, reported speech and entity mentions per publication day (UTC) and language (sum over languages for every document of a day)
with

dated_documents as (
    -- the per-document counts are doc_stats', the story doc_origins'
    select date_trunc('day', doc_stats.published_at)::date as day, doc_stats.language, doc_origins.story_id, n_quotes, n_reported, n_mentions
    from doc_stats join doc_origins using (doc_id)
    where doc_stats.published_at is not null
),

final as (
    select
        day,
        language,
        count(*) as n_documents,
        count(distinct story_id) as n_stories,
        sum(n_quotes)::bigint as n_quotes,
        sum(n_reported)::bigint as n_reported,
        sum(n_mentions)::bigint as n_mentions
    from dated_documents
    group by day, language
)

select * from final
order by day, n_documents desc, language
