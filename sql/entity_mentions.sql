-- every entity mention with its canonical entity and the sentence it is in
with

mention_rows as (
    select * from mentions
),

entity_rows as (
    select * from entities
),

sentence_rows as (
    select sentence_id, text as sentence
    from sentences
),

final as (
    select
        mention_rows.mention_id,
        mention_rows.doc_id,
        mention_rows.sentence_id,
        mention_rows.start_char,
        mention_rows.end_char,
        mention_rows.text as mention,
        mention_rows.label,
        mention_rows.entity_id,
        entity_rows.name as entity,
        sentence_rows.sentence
    from mention_rows
    join entity_rows on entity_rows.entity_id = mention_rows.entity_id
    join sentence_rows on sentence_rows.sentence_id = mention_rows.sentence_id
)

-- no order by: sorting 300,000 mentions with their sentences costs more than the rest of the view;
-- add `order by doc_id, start_char` when you need document order
select * from final
