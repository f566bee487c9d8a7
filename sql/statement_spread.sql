-- how far and how fast each statement travelled: the first outlet that carried it and when, the time until the 2nd and the 5th outlet carried it (null when fewer did, or an outlet's documents are undated), and the outlets in the order they first carried it; `speaker` is the name most of its occurrences give (statements gives an entity's canonical name): the collection keeps the outlets in order with each statement, so the first rows read no document and no join
with

statement_rows as (
    select * from lake.statements
),

final as (
    select
        statement_id,
        text,
        speaker,
        speaker_entity_id,
        first_outlet,
        first_seen_at,
        n_outlets,
        n_documents,
        outlets_first_seen_at[2] - outlets_first_seen_at[1] as to_second_outlet,
        outlets_first_seen_at[5] - outlets_first_seen_at[1] as to_fifth_outlet,
        outlets
    from statement_rows
)

select * from final
order by n_outlets desc, first_seen_at nulls last, statement_id
