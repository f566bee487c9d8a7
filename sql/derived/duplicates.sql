-- the same article ingested twice: copies share a text_fingerprint; the first by source path and record is kept, the others are listed here and left out of every analytic view (it reads every document: lake.documents)
with ranked as (
    select
        doc_id,
        source_path,
        record_key,
        text_fingerprint,
        first_value(doc_id) over copies as duplicate_of,
        first_value(source_path) over copies as kept_source_path,
        row_number() over copies as copy_number
    from lake.documents
    window copies as (partition by text_fingerprint order by source_path, record_key nulls first, doc_id)
)
select doc_id, source_path, record_key, duplicate_of, kept_source_path, text_fingerprint
from ranked
where copy_number > 1
order by kept_source_path, source_path, record_key
