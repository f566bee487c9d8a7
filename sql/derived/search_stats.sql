-- units and their indexed words per search unit (quotes, sentences) from terms (duplicates left out): the collection figures BM25 needs; sums over documents, so a commit adds the changed documents' and subtracts what they summed to before
with units as (
    select unit, unit_id, any_value(unit_length) as unit_length
    from terms
    group by unit, unit_id
)
select unit, count(*) as n_units, sum(unit_length)::bigint as total_length
from units
group by unit
order by unit
