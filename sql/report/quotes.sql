-- the newest $top quotations for the report's filterable table
select coalesce(speaker, '(unattributed)') as speaker, kind, quote, cue, title, strftime(published_at, '%Y-%m-%d') as day
from speaker_quotes
order by published_at desc nulls last, doc_id, start_char
limit $top
