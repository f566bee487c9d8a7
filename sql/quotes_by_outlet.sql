-- whom each outlet quotes most: attributions (quotations and reported speech), words and documents per outlet and speaker, counted as top_speakers counts them (named entities by their canonical name, names and groups case folded; unresolved and missing speakers left out), ranked within each outlet; the counts are kept by each commit in outlet_speakers (newslake/collection.py), so no attribution is grouped at query time
with

merged as (
    -- a surname some documents write alone counted under the full name others write (same_person)
    select outlet_speakers.* replace (coalesce(same_person.same_as, outlet_speakers.speaker_entity_id) as speaker_entity_id)
    from outlet_speakers
    left join same_person on same_person.entity_id = outlet_speakers.speaker_entity_id
),

by_speaker as (
    select
        merged.outlet,
        coalesce(any_value(entity_names.name), arg_max(merged.speaker, merged.n_quotes)) as speaker,
        merged.speaker_entity_id,
        sum(merged.n_quotes)::bigint as n_quotes,
        sum(merged.n_words)::bigint as n_words,
        sum(merged.n_docs)::bigint as n_docs
    from merged
    left join entities as entity_names on entity_names.entity_id = merged.speaker_entity_id
    group by merged.outlet, coalesce(merged.speaker_entity_id, merged.speaker_key), merged.speaker_entity_id
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
