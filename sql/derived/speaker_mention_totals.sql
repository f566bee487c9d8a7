-- who talks about whom: per speaker, entity named in what the speaker is quoted or reported saying, kind ('all' for every kind) and language, duplicates left out; sums over documents, so a commit adds the changed documents' and subtracts what they summed to before
with

quote_rows as (
    select quotes.doc_id, quotes.start_char, quotes.end_char, quotes.quote_group, quotation_rows.kind, quotation_rows.speaker_entity_id, quotation_rows.language
    from quotes
    join quotations as quotation_rows using (quote_group)
    where quotes.kind <> 'scare' and quotation_rows.speaker_entity_id is not null
),

mention_rows as (
    select * from mentions
),

mentioned_in as (
    select distinct
        quote_rows.speaker_entity_id,
        quote_rows.kind,
        quote_rows.language,
        quote_rows.quote_group,
        quote_rows.doc_id,
        mention_rows.mention_id,
        mention_rows.entity_id as mentioned_entity_id
    from quote_rows
    join mention_rows
        on mention_rows.doc_id = quote_rows.doc_id
        and mention_rows.start_char >= quote_rows.start_char
        and mention_rows.end_char <= quote_rows.end_char
    where mention_rows.entity_id <> quote_rows.speaker_entity_id
),

final as (
    select
        speaker_entity_id,
        mentioned_entity_id,
        coalesce(kind, 'all') as kind,
        language,
        count(distinct mention_id) as n_mentions,
        count(distinct quote_group) as n_quotes,
        count(distinct doc_id) as n_docs
    from mentioned_in
    group by grouping sets ((speaker_entity_id, mentioned_entity_id, kind, language), (speaker_entity_id, mentioned_entity_id, language))
)

select * from final
