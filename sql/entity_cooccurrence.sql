-- pairs of entities named in the same sentence, per language of the documents: sentences and documents they share (counted at commit by sql/derived/entity_pairs.sql)
with

pairs as (
    select * from entity_pairs
),

entity_rows as (
    select entity_id, name, label from entities
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
        pairs.entity_id_b,
        pairs.language
    from pairs
    join entity_rows as entity_a on entity_a.entity_id = pairs.entity_id_a
    join entity_rows as entity_b on entity_b.entity_id = pairs.entity_id_b
)

select * from final
order by n_sentences desc, n_docs desc, entity_a, entity_b
