-- per document, its entities by how often it names them
with

mention_rows as (
    select * from mentions
),

document_rows as (
    select doc_id, title from documents
),

entity_rows as (
    select entity_id, name, label from entities
),

counted as (
    select doc_id, entity_id, count(*) as n_mentions, min(start_char) as first_char
    from mention_rows
    group by all
),

final as (
    select
        counted.doc_id,
        document_rows.title,
        entity_rows.name as entity,
        entity_rows.label,
        counted.n_mentions,
        rank() over (partition by counted.doc_id order by counted.n_mentions desc) as rank_in_doc,
        counted.first_char,
        counted.entity_id
    from counted
    join document_rows on document_rows.doc_id = counted.doc_id
    join entity_rows on entity_rows.entity_id = counted.entity_id
)

select * from final
order by doc_id, n_mentions desc, first_char
