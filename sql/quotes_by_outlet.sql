-- whom each outlet quotes most: attributions (quotations and reported speech), words and documents per outlet and speaker, counted as top_speakers counts them (named entities by their canonical name, names and groups case folded; unresolved and missing speakers left out), ranked within each outlet; the counts are kept by each commit in outlet_speakers (newslake/collection.py), so no attribution is grouped at query time
with

by_speaker as (
    select
        outlet_speakers.outlet,
        coalesce(entity_names.name, outlet_speakers.speaker) as speaker,
        outlet_speakers.speaker_entity_id,
        outlet_speakers.n_quotes,
        outlet_speakers.n_words,
        outlet_speakers.n_docs
    from outlet_speakers
    left join entities as entity_names on entity_names.entity_id = outlet_speakers.speaker_entity_id
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
