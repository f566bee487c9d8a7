-- each way an entity is written, with the name, label and identifier it was given, and how often (duplicates left out): what entities is made from; sums over documents, so a commit adds the changed documents' and subtracts what they summed to before
select entity_id, entity_name, label, kb_id, kb_source, text, count(*) as n_mentions
from mentions
group by all
