-- each attribution with its kind (direct, indirect, mixed), speaker, cue, document title and the sentence it starts in; add `where kind = 'direct'` for quotations only
with

quotation_rows as (
    select * from quotations
),

document_rows as (
    select doc_id, title, source_path, published_at from documents
),

final as (
    select
        quotation_rows.speaker,
        quotation_rows.kind,
        quotation_rows.quote,
        quotation_rows.cue,
        quotation_rows.speaker_as_written,
        document_rows.title,
        document_rows.published_at,
        quotation_rows.sentence,
        quotation_rows.n_words,
        quotation_rows.n_pieces,
        quotation_rows.rule,
        quotation_rows.doc_id,
        document_rows.source_path,
        quotation_rows.quote_group,
        quotation_rows.speaker_entity_id,
        quotation_rows.start_char,
        quotation_rows.end_char,
        quotation_rows.language
    from quotation_rows
    join document_rows on document_rows.doc_id = quotation_rows.doc_id
)

select * from final
order by doc_id, start_char
