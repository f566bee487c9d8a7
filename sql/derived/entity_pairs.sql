-- pairs of entities named in the same sentence, duplicates left out: sentences and documents they share; sums over documents, so a commit adds the changed documents' and subtracts what they summed to before
with sentence_entities as (
    select distinct doc_id, sentence_id, entity_id
    from mentions
    anti join duplicates using (doc_id)
)
select
    left_side.entity_id as entity_id_a,
    right_side.entity_id as entity_id_b,
    count(*) as n_sentences,
    count(distinct left_side.doc_id) as n_docs
from sentence_entities as left_side
join sentence_entities as right_side
    on right_side.sentence_id = left_side.sentence_id
    and right_side.entity_id > left_side.entity_id
group by all
