-- who is quoted most: direct quotations, words quoted and documents, per speaker
with

quote_rows as (
    select * from quotes
    where kind = 'direct'
),

speakers as (
    select
        coalesce(speaker_name, speaker, '(unattributed)') as speaker,
        speaker_entity_id,
        quote_group,
        doc_id,
        n_words
    from quote_rows
),

final as (
    select
        speaker,
        speaker_entity_id,
        count(distinct quote_group) as n_quotes,
        sum(n_words) as n_words,
        count(distinct doc_id) as n_docs
    from speakers
    group by all
)

select * from final
order by n_quotes desc, n_words desc, speaker
