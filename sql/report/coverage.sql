-- documents and direct quotations per $period (day, week or month)
select date_trunc($period, day)::date as period, sum(n_documents) as n_documents, sum(n_quotes) as n_quotes
from coverage_by_day
group by all
order by period
