-- pairs of entities named in the same sentence: sentences and documents they share
with

sentence_entities as (
    select distinct doc_id, sentence_id, entity_id
    from mentions
),

entity_rows as (
    select entity_id, name, label from entities
),

pairs as (
    select
        left_side.entity_id as entity_id_a,
        right_side.entity_id as entity_id_b,
        count(*) as n_sentences,
        count(distinct left_side.doc_id) as n_docs
    from sentence_entities as left_side
    join sentence_entities as right_side
        on right_side.sentence_id = left_side.sentence_id
        and right_side.entity_id > left_side.entity_id
    group by all
),

final as (
    select
        entity_a.name as entity_a,
        entity_a.label as label_a,
        entity_b.name as entity_b,
        entity_b.label as label_b,
        pairs.n_sentences,
        pairs.n_docs,
        pairs.entity_id_a,
        pairs.entity_id_b
    from pairs
    join entity_rows as entity_a on entity_a.entity_id = pairs.entity_id_a
    join entity_rows as entity_b on entity_b.entity_id = pairs.entity_id_b
)

select * from final
order by n_sentences desc, n_docs desc, entity_a, entity_b
