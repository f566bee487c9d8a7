-- who talks about whom: entities named in what each speaker is quoted or reported saying, per kind ('all', 'direct', 'indirect', 'mixed') and language; counted at commit by sql/derived/speaker_mention_totals.sql
with

mentioned as (
    select * from speaker_mention_totals
),

entity_rows as (
    select entity_id, name, label from entities
),

final as (
    select
        speaker.name as speaker,
        about.name as mentioned,
        about.label as mentioned_label,
        mentioned.kind,
        mentioned.n_mentions,
        mentioned.n_quotes,
        mentioned.n_docs,
        mentioned.speaker_entity_id,
        mentioned.mentioned_entity_id,
        mentioned.language
    from mentioned
    join entity_rows as speaker on speaker.entity_id = mentioned.speaker_entity_id
    join entity_rows as about on about.entity_id = mentioned.mentioned_entity_id
)

select * from final
order by kind <> 'all', kind, n_mentions desc, speaker, mentioned
