-- how far and how fast each statement travelled: the first outlet that carried it and when, the time until the 2nd and the 5th outlet carried it (null when fewer did, or an outlet's documents are undated), and the outlets in the order they first carried it
with

statement_rows as (
    select * from statements
),

spread as (
    -- the statements whose outlets are not just the first one's: only these need their documents read
    select statement_id from statement_rows
    where n_outlets > 1 or (n_outlets = 1 and first_outlet is null)
),

links as (
    select statement_id, doc_id
    from statement_quotations
    semi join spread using (statement_id)
),

carried as (
    -- when each outlet first carried each statement (documents with no outlet are left out of the spread)
    select links.statement_id, outlets.outlet, min(docs.published_at) as first_at
    from links
    join document_outlets as outlets on outlets.doc_id = links.doc_id
    join documents as docs on docs.doc_id = links.doc_id
    where outlets.outlet is not null
    group by links.statement_id, outlets.outlet
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
        statement_rows.statement_id,
        statement_rows.text,
        statement_rows.speaker,
        statement_rows.first_outlet,
        statement_rows.first_seen_at,
        statement_rows.n_outlets,
        statement_rows.n_documents,
        ordered.times[2] - ordered.times[1] as to_second_outlet,
        ordered.times[5] - ordered.times[1] as to_fifth_outlet,
        case
            when ordered.outlets is not null then ordered.outlets
            when statement_rows.first_outlet is not null then [statement_rows.first_outlet]
            else []
        end as outlets
    from statement_rows
    left join ordered on ordered.statement_id = statement_rows.statement_id
)

select * from final
order by n_outlets desc, first_seen_at nulls last, statement_id
