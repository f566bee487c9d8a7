-- the newest $top quotations for the report's filterable table (the sentence speaker_quotes adds is not shown); they are in the $top newest documents that have any (doc_counts says which), found first so that only their quotations are joined and sorted; those documents are kept ones, so their rows of lake.quotations are the view's, read without leaving every copy's out (0.29 -> 0.13 s of every commit at 200,000 documents)
with latest as materialized (
    select doc_id, title, published_at
    from documents join doc_counts using (doc_id)
    where doc_counts.n_quotes + doc_counts.n_reported > 0
    order by published_at desc nulls last, doc_id
    limit $top
)

select coalesce(quotations.speaker, '(unattributed)') as speaker, quotations.kind, quotations.quote, quotations.cue, latest.title, strftime(latest.published_at, '%Y-%m-%d') as day
from lake.quotations as quotations
join latest using (doc_id)
order by latest.published_at desc nulls last, doc_id, quotations.start_char
limit $top
