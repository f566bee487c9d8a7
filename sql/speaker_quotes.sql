-- each direct quotation with its speaker, cue, document title and the sentence it starts in
with

quote_rows as (
    select * from quotes
    where kind = 'direct'
),

document_rows as (
    select doc_id, title, source_path, published_at from documents
),

sentence_rows as (
    select sentence_id, text as sentence from sentences
),

grouped as (
    select
        quote_group,
        any_value(doc_id) as doc_id,
        min(start_char) as start_char,
        max(end_char) as end_char,
        arg_min(sentence_id, start_char) as sentence_id,
        string_agg(text, ' … ' order by start_char) as quote,
        any_value(speaker) as speaker_as_written,
        any_value(speaker_name) as speaker_name,
        any_value(speaker_entity_id) as speaker_entity_id,
        any_value(cue) as cue,
        sum(n_words) as n_words,
        count(*) as n_pieces
    from quote_rows
    group by quote_group
),

final as (
    select
        coalesce(grouped.speaker_name, grouped.speaker_as_written) as speaker,
        grouped.quote,
        grouped.cue,
        grouped.speaker_as_written,
        document_rows.title,
        document_rows.published_at,
        sentence_rows.sentence,
        grouped.n_words,
        grouped.n_pieces,
        grouped.doc_id,
        document_rows.source_path,
        grouped.quote_group,
        grouped.speaker_entity_id,
        grouped.start_char,
        grouped.end_char
    from grouped
    join document_rows on document_rows.doc_id = grouped.doc_id
    join sentence_rows on sentence_rows.sentence_id = grouped.sentence_id
)

select * from final
order by doc_id, start_char
