-- per speaker as documents name it, speaker_status, kind ('all' for every kind) and language of the documents: attributions, words and documents, duplicates left out; sums over documents, so a commit adds the changed documents' and subtracts what they summed to before (the view top_speakers sums the names of one entity)
with quotation_rows as (
    select coalesce(speaker, '(unattributed)') as speaker, speaker_entity_id, speaker_status, kind, language, doc_id, n_words
    from quotations
)
select
    speaker,
    speaker_entity_id,
    speaker_status,
    coalesce(kind, 'all') as kind,
    language,
    count(*) as n_quotes,
    sum(n_words)::bigint as n_words,
    count(distinct doc_id) as n_docs
from quotation_rows
group by grouping sets ((speaker, speaker_entity_id, speaker_status, kind, language), (speaker, speaker_entity_id, speaker_status, language))
