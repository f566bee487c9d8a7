-- the newest $top quotations for the report's filterable table (from quotations and documents: the sentence speaker_quotes adds is not shown); they are in the $top newest documents that have any, found first so that only their quotations are joined and sorted
with latest as (
    select doc_id from documents semi join quotations using (doc_id)
    order by published_at desc nulls last, doc_id
    limit $top
)

select coalesce(quotations.speaker, '(unattributed)') as speaker, quotations.kind, quotations.quote, quotations.cue, documents.title, strftime(documents.published_at, '%Y-%m-%d') as day
from quotations
semi join latest using (doc_id)
join documents using (doc_id)
order by documents.published_at desc nulls last, doc_id, quotations.start_char
limit $top
