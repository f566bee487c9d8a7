-- documents and direct quotations per day, week or month: days when the first and the last publication day are at most $days apart, weeks when at most $weeks, else months; coverage_by_day's two columns (the view also counts mentions and stories), from the counts each commit keeps per document (doc_counts)
with days as materialized (
    select date_trunc('day', documents.published_at)::date as day, count(*) as n_documents, sum(doc_counts.n_quotes)::bigint as n_quotes
    from documents
    join doc_counts using (doc_id)
    where documents.published_at is not null
    group by day
),

unit as (
    select case when max(day) - min(day) <= $days then 'day' when max(day) - min(day) <= $weeks then 'week' else 'month' end as unit
    from days
)

select unit.unit, date_trunc(unit.unit, days.day)::date as period, sum(days.n_documents) as n_documents, sum(days.n_quotes) as n_quotes
from days, unit
group by all
order by period
