-- one row per attribution: a direct quotation (its pieces joined), reported speech (indirect) or a reported clause holding a quoted fragment (mixed), with speaker, cue, the rule that found it and the sentence it starts in; quoted terms (scare) left out. Made once per document at commit, not at every query, for every document in lake.* (the base view quotations leaves the copies out)
with

quote_rows as (
    select * from lake.quotes
    where kind <> 'scare'
),

grouped as (
    -- a mixed clause shares its quote_group with the direct fragments it holds: the clause row speaks for the group
    select
        quote_group,
        any_value(doc_id) as doc_id,
        case
            when bool_or(kind = 'mixed') then 'mixed'
            when bool_or(kind = 'indirect') then 'indirect'
            else 'direct'
        end as kind,
        coalesce(
            string_agg(text, ' … ' order by start_char) filter (where kind <> 'direct'),
            string_agg(text, ' … ' order by start_char)
        ) as quote,
        first(speaker order by kind = 'direct', speaker_start is null, start_char) as speaker_as_written,
        first(speaker_name order by kind = 'direct', speaker_start is null, start_char) as speaker_name,
        first(speaker_entity_id order by kind = 'direct', speaker_start is null, start_char) as speaker_entity_id,
        first(speaker_status order by kind = 'direct', speaker_start is null, start_char) as speaker_status,
        first(cue order by kind = 'direct', speaker_start is null, start_char) as cue,
        first(rule order by kind = 'direct', speaker_start is null, start_char) as rule,
        min(start_char) as start_char,
        max(end_char) as end_char,
        arg_min(sentence_id, start_char) as sentence_id,
        coalesce(sum(n_words) filter (where kind <> 'direct'), sum(n_words))::bigint as n_words,
        count(*) filter (where kind = 'direct') as n_pieces
    from quote_rows
    group by quote_group
),

final as (
    select
        grouped.quote_group,
        grouped.doc_id,
        grouped.kind,
        coalesce(speaker_name, speaker_as_written) as speaker,
        quote,
        cue,
        speaker_as_written,
        speaker_name,
        speaker_entity_id,
        speaker_status,
        rule,
        grouped.sentence_id,
        sentence_rows.text as sentence,
        grouped.start_char,
        grouped.end_char,
        grouped.n_words,
        grouped.n_pieces,
        document_rows.language
    from grouped
    join lake.sentences as sentence_rows on sentence_rows.sentence_id = grouped.sentence_id
    join lake.documents as document_rows on document_rows.doc_id = grouped.doc_id
)

select * from final
