-- how far and how fast each statement travelled: the first outlet that carried it and when, the time until the 2nd and the 5th outlet carried it (null when fewer did, or an outlet's documents are undated), and the outlets in the order they first carried it
with

links as (
    select statement_id, doc_id from read_parquet('{parquet}/statement_quotations/*.parquet')
),

carried as (
    -- when each outlet first carried each statement (documents with no outlet are left out of the spread)
    select links.statement_id, doc_origins.outlet, min(doc_origins.published_at) as first_at
    from links
    join doc_origins on doc_origins.doc_id = links.doc_id
    where doc_origins.outlet is not null
    group by links.statement_id, doc_origins.outlet
),

ordered as (
    select
        statement_id,
        list(outlet order by first_at nulls last, outlet) as outlets,
        list(first_at order by first_at nulls last, outlet) as times
    from carried
    group by statement_id
),

final as (
    select
        statements.statement_id,
        statements.text,
        statements.speaker,
        statements.first_outlet,
        statements.first_seen_at,
        statements.n_outlets,
        statements.n_documents,
        ordered.times[2] - ordered.times[1] as to_second_outlet,
        ordered.times[5] - ordered.times[1] as to_fifth_outlet,
        coalesce(ordered.outlets, []) as outlets
    from statements
    left join ordered on ordered.statement_id = statements.statement_id
)

select * from final
order by n_outlets desc, first_seen_at nulls last, statement_id
