-- the newest $top quotations for the report's filterable table (from quotations and documents: the sentence speaker_quotes adds is not shown)
select coalesce(quotations.speaker, '(unattributed)') as speaker, quotations.kind, quotations.quote, quotations.cue, documents.title, strftime(documents.published_at, '%Y-%m-%d') as day
from quotations
join documents using (doc_id)
order by documents.published_at desc nulls last, doc_id, quotations.start_char
limit $top
