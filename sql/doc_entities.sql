-- per document, its entities by how often it names them (counted at commit by sql/derived/doc_entity_counts.sql)
with

counted as (
    select * from doc_entity_counts
),

document_rows as (
    select doc_id, title, language from documents
),

entity_rows as (
    select entity_id, name, label from entities
),

final as (
    select
        counted.doc_id,
        document_rows.title,
        entity_rows.name as entity,
        entity_rows.label,
        counted.n_mentions,
        counted.rank_in_doc,
        counted.first_char,
        counted.entity_id,
        document_rows.language
    from counted
    join document_rows on document_rows.doc_id = counted.doc_id
    join entity_rows on entity_rows.entity_id = counted.entity_id
)

select * from final
order by doc_id, n_mentions desc, first_char
