-- one row per statement: the same quotation as every kept document reports it (same words after lower-casing and removing punctuation, or a part of at least 6 words of a longer form given to the same speaker), with its longest text, the speaker most occurrences give (an entity by its canonical name, as in top_speakers) and the share that agree, first and last seen, occurrences, documents and outlets (base view; made at each commit by newslake/collection.py)
with

statement_rows as (
    select * from lake.statements
),

entity_names as (
    select entity_id, name from entities
),

final as (
    select statement_rows.* replace (coalesce(entity_names.name, statement_rows.speaker) as speaker)
    from statement_rows
    left join entity_names on entity_names.entity_id = statement_rows.speaker_entity_id
)

select * from final
