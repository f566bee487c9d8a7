-- whom each outlet quotes most: attributions (quotations and reported speech), words and documents per outlet and speaker, counted as top_speakers counts them (named entities by their canonical name, names and groups case folded; unresolved and missing speakers left out), ranked within each outlet
with

attributions as (
    select doc_id, speaker, speaker_entity_id, speaker_status, n_words
    from quotations
    where speaker_status in ('entity', 'name', 'group')
),

outlets as (
    select doc_id, outlet from document_outlets
),

by_speaker as (
    select
        outlets.outlet,
        coalesce(attributions.speaker_entity_id, lower(attributions.speaker)) as speaker_key,
        any_value(attributions.speaker_entity_id) as speaker_entity_id,
        mode(attributions.speaker) as speaker,
        count(*) as n_quotes,
        sum(attributions.n_words)::bigint as n_words,
        count(distinct attributions.doc_id) as n_docs
    from attributions
    left join outlets on outlets.doc_id = attributions.doc_id
    group by outlets.outlet, speaker_key
),

final as (
    select
        outlet,
        speaker,
        speaker_entity_id,
        n_quotes,
        n_words,
        n_docs,
        rank() over (partition by outlet order by n_quotes desc) as rank_in_outlet
    from by_speaker
)

select * from final
order by outlet nulls last, rank_in_outlet, n_words desc, speaker
