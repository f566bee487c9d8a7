-- every entity mention with its canonical entity and the sentence it is in (base view: the rows of the table lake.entity_mentions without the copies', joined with their sentences at commit by sql/derived/entity_mentions.sql)
with

mention_rows as (
    -- the rows of the generated base view (newslake/views.py), which this file replaces
    select * from lake.entity_mentions
    anti join lake.duplicates as copies using (doc_id)
),

entity_rows as (
    select entity_id, name from entities
),

final as (
    select
        mention_rows.mention_id,
        mention_rows.doc_id,
        mention_rows.sentence_id,
        mention_rows.start_char,
        mention_rows.end_char,
        mention_rows.mention,
        mention_rows.label,
        mention_rows.entity_id,
        entity_rows.name as entity,
        mention_rows.sentence,
        mention_rows.language
    from mention_rows
    join entity_rows on entity_rows.entity_id = mention_rows.entity_id
)

-- no order by: sorting millions of mentions with their sentences costs more than the rest of the view;
-- add `order by doc_id, start_char` when you need document order
select * from final
