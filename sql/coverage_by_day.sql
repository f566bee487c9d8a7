-- how coverage changes over time: documents, stories (near-copies counted once: a story counts on each day one of its documents was published), direct quotations, reported speech and entity mentions per publication day (UTC) and language (sum over languages for every document of a day)
with

dated_documents as (
    -- the per-document counts are kept by each commit (sql/derived/doc_counts.sql); a document is its own story until it has one
    select date_trunc('day', documents.published_at)::date as day, documents.language, coalesce(document_stories.story_id, documents.doc_id) as story_id, n_quotes, n_reported, n_mentions
    from documents
    join doc_counts using (doc_id)
    left join document_stories using (doc_id)
    where documents.published_at is not null
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
