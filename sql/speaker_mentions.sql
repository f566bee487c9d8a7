-- who talks about whom: entities named inside each speaker's direct quotations
with

quote_rows as (
    select * from quotes
    where kind = 'direct' and speaker_entity_id is not null
),

mention_rows as (
    select * from mentions
),

entity_rows as (
    select entity_id, name, label from entities
),

mentioned as (
    select
        quote_rows.speaker_entity_id,
        mention_rows.entity_id as mentioned_entity_id,
        count(*) as n_mentions,
        count(distinct quote_rows.quote_group) as n_quotes,
        count(distinct quote_rows.doc_id) as n_docs
    from quote_rows
    join mention_rows
        on mention_rows.doc_id = quote_rows.doc_id
        and mention_rows.start_char >= quote_rows.start_char
        and mention_rows.end_char <= quote_rows.end_char
    where mention_rows.entity_id <> quote_rows.speaker_entity_id
    group by all
),

final as (
    select
        speaker.name as speaker,
        about.name as mentioned,
        about.label as mentioned_label,
        mentioned.n_mentions,
        mentioned.n_quotes,
        mentioned.n_docs,
        mentioned.speaker_entity_id,
        mentioned.mentioned_entity_id
    from mentioned
    join entity_rows as speaker on speaker.entity_id = mentioned.speaker_entity_id
    join entity_rows as about on about.entity_id = mentioned.mentioned_entity_id
)

select * from final
order by n_mentions desc, speaker, mentioned
