-- pairs of entities named in the same sentence, per language of the documents, duplicates left out: sentences and documents they share; sums over documents, so a commit adds the changed documents' and subtracts what they summed to before
with sentence_entities as (
    select distinct mentions.doc_id, mentions.sentence_id, mentions.entity_id, documents.language
    from mentions
    join documents using (doc_id)
)
select
    left_side.entity_id as entity_id_a,
    right_side.entity_id as entity_id_b,
    left_side.language,
    count(*) as n_sentences,
    count(distinct left_side.doc_id) as n_docs
from sentence_entities as left_side
join sentence_entities as right_side
    on right_side.sentence_id = left_side.sentence_id
    and right_side.entity_id > left_side.entity_id
group by all
