-- one row per attribution: a direct quotation (its pieces joined), reported speech (indirect) or a reported clause holding a quoted fragment (mixed), with speaker, cue, the rule that found it and the sentence it starts in; quoted terms (scare) left out; `speaker` is the entity's canonical name as in entities and top_speakers (a surname some documents write alone under the full name others write, as same_person says), else the name counted, else the words as written (base view: the rows of the table lake.quotations without the copies', grouped at commit by sql/derived/quotations.sql)
with

quotation_rows as (
    -- the rows of the generated base view (newslake/views.py), which this file replaces
    select * from lake.quotations
    anti join lake.duplicates as copies using (doc_id)
),

entity_names as (
    select entity_id, name from lake.entities
),

surnames as (
    -- a person some documents name by surname only, counted under the full name (same_person)
    select entity_id, same_as, same_as_name from same_person
),

final as (
    select quotation_rows.* replace (
        coalesce(surnames.same_as, quotation_rows.speaker_entity_id) as speaker_entity_id,
        coalesce(surnames.same_as_name, entity_names.name, quotation_rows.speaker) as speaker
    )
    from quotation_rows
    left join entity_names on entity_names.entity_id = quotation_rows.speaker_entity_id
    left join surnames on surnames.entity_id = quotation_rows.speaker_entity_id
)

select * from final
