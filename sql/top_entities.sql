-- the most mentioned entities, ranked within each label, with mention and document counts
with

entity_rows as (
    select * from entities
),

final as (
    select
        label,
        rank() over (partition by label order by n_mentions desc, n_docs desc) as rank_in_label,
        name,
        n_mentions,
        n_docs,
        aliases,
        entity_id
    from entity_rows
)

select * from final
order by n_mentions desc, label, name
