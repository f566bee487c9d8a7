-- per document, each entity it names: how often, its rank in the document and its first mention; made once per document at commit for every document in lake.mentions (the base view doc_entity_counts leaves the copies out)
select
    doc_id,
    entity_id,
    count(*) as n_mentions,
    rank() over (partition by doc_id order by count(*) desc) as rank_in_doc,
    min(start_char) as first_char
from lake.mentions
group by doc_id, entity_id
