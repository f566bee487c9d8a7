-- the $top pairs of entities named together in most sentences
select entity_id_a, entity_id_b, entity_a, entity_b, label_a, label_b, n_sentences, n_docs
from entity_cooccurrence
limit $top
