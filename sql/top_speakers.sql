-- who is quoted or reported most: attributions, words and documents per speaker and kind ('all', 'direct', 'indirect', 'mixed'); add `where kind = 'direct'` for quotations only
with

quotation_rows as (
    select
        coalesce(speaker, '(unattributed)') as speaker,
        speaker_entity_id,
        kind,
        quote_group,
        doc_id,
        n_words
    from quotations
),

counted as (
    select
        speaker,
        speaker_entity_id,
        coalesce(kind, 'all') as kind,
        count(*) as n_quotes,
        sum(n_words) as n_words,
        count(distinct doc_id) as n_docs
    from quotation_rows
    group by grouping sets ((speaker, speaker_entity_id, kind), (speaker, speaker_entity_id))
),

final as (
    select * from counted
)

select * from final
order by kind <> 'all', kind, n_quotes desc, n_words desc, speaker
