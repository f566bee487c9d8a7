-- how coverage changes over time: documents, stories (near-copies counted once: a story counts on each day one of its documents was published), direct quotations, reported speech and entity mentions per publication day (UTC) and language (sum over languages for every document of a day)
with

dated_documents as (
    select doc_id, date_trunc('day', published_at)::date as day, language, story_id
    from doc_origins
    where published_at is not null
),

quote_counts as (
    select
        doc_id,
        count(*) filter (where kind = 'direct') as n_quotes,
        count(*) filter (where kind <> 'direct') as n_reported
    from quotations
    group by doc_id
),

mention_counts as (
    select doc_id, count(*) as n_mentions
    from mentions
    group by doc_id
),

final as (
    select
        dated_documents.day,
        dated_documents.language,
        count(*) as n_documents,
        count(distinct dated_documents.story_id) as n_stories,
        coalesce(sum(quote_counts.n_quotes), 0)::bigint as n_quotes,
        coalesce(sum(quote_counts.n_reported), 0)::bigint as n_reported,
        coalesce(sum(mention_counts.n_mentions), 0)::bigint as n_mentions
    from dated_documents
    left join quote_counts on quote_counts.doc_id = dated_documents.doc_id
    left join mention_counts on mention_counts.doc_id = dated_documents.doc_id
    group by dated_documents.day, dated_documents.language
)

select * from final
order by day, n_documents desc, language
