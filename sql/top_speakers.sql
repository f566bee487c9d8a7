-- who is quoted or reported most: attributions, words and documents per speaker, kind ('all', 'direct', 'indirect', 'mixed') and language of the documents, counting named entities (by their canonical name; a surname some documents write alone under the full name, see same_person), names the model did not tag and groups ('analysts', case folded); attributions whose speaker is unresolved ('he' with no antecedent, 'the report') or missing are left out: view speaker_resolution says how many. Add `where kind = 'direct'` for quotations only (totals kept at commit by sql/derived/speaker_totals.sql)
with

totals as (
    -- a surname some documents write alone counted under the full name others write (same_person)
    select speaker_totals.* replace (coalesce(same_person.same_as, speaker_totals.speaker_entity_id) as speaker_entity_id)
    from speaker_totals
    left join same_person on same_person.entity_id = speaker_totals.speaker_entity_id
    where speaker_status in ('entity', 'name', 'group')
),

entity_names as (
    select entity_id, name from entities
),

by_speaker as (
    -- one row per entity whatever the form a document wrote it in; a name or group by its case-folded form
    select
        coalesce(speaker_entity_id, lower(speaker)) as speaker_key,
        any_value(speaker_entity_id) as speaker_entity_id,
        arg_max(speaker, n_quotes) as written,
        min(speaker_status) as speaker_status,
        kind,
        language,
        sum(n_quotes)::bigint as n_quotes,
        sum(n_words)::bigint as n_words,
        sum(n_docs)::bigint as n_docs
    from totals
    group by speaker_key, kind, language
),

final as (
    select
        coalesce(entity_names.name, by_speaker.written) as speaker,
        by_speaker.speaker_entity_id,
        by_speaker.speaker_status,
        by_speaker.kind,
        by_speaker.language,
        by_speaker.n_quotes,
        by_speaker.n_words,
        by_speaker.n_docs
    from by_speaker
    left join entity_names on entity_names.entity_id = by_speaker.speaker_entity_id
)

select * from final
order by kind <> 'all', kind, n_quotes desc, n_words desc, speaker
