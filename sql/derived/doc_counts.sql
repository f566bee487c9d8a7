-- per document: its entity mentions, direct quotations and reported speech; made once per document at commit for every document in lake.documents (the base view doc_counts leaves the copies out), so that doc_stats and coverage_by_day sum 200,000 rows instead of grouping 10 million mentions at every query
with

mention_counts as (
    select doc_id, count(*) as n_mentions
    from lake.mentions
    group by doc_id
),

quote_counts as (
    select
        doc_id,
        count(*) filter (where kind = 'direct') as n_quotes,
        count(*) filter (where kind <> 'direct') as n_reported
    from lake.quotations
    group by doc_id
)

select
    document_rows.doc_id,
    coalesce(mention_counts.n_mentions, 0) as n_mentions,
    coalesce(quote_counts.n_quotes, 0) as n_quotes,
    coalesce(quote_counts.n_reported, 0) as n_reported
from lake.documents as document_rows
left join mention_counts using (doc_id)
left join quote_counts using (doc_id)
