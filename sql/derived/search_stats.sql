-- units and their mean length per search unit (quotes, sentences) from terms (duplicates left out): the collection figures BM25 needs
with units as (
    select unit, unit_id, any_value(unit_length) as unit_length
    from terms
    anti join duplicates using (doc_id)
    group by unit, unit_id
)
select unit, count(*) as n_units, avg(unit_length) as avg_length
from units
group by unit
order by unit
