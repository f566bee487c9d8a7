-- the $top pairs of entities named together in most sentences (pairs named in fewer sentences than the $top-th most are left out before the names are joined: the view joins and sorts every pair)
with threshold as (
    select n_sentences from entity_pairs order by n_sentences desc limit 1 offset $top - 1
)

select entity_id_a, entity_id_b, entity_a, entity_b, label_a, label_b, n_sentences, n_docs
from entity_cooccurrence
where n_sentences >= coalesce((select n_sentences from threshold), 0)
limit $top
