-- documents and direct quotations per day, week or month: days when the first and the last publication day are at most $days apart, weeks when at most $weeks, else months (one reading of coverage_by_day, which groups every document)
with days as materialized (
    select day, sum(n_documents) as n_documents, sum(n_quotes) as n_quotes
    from coverage_by_day
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
