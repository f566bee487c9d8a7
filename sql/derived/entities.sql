-- one row per entity_id from mentions (duplicates left out); the name is the form most mentions carry, never an all-caps form when another exists (datelines and headlines are in capitals), ties alphabetical, so it does not depend on the order documents were ingested in. Made from entity_forms and doc_entity_counts, which a commit updates from the changed documents only
with names as (
    select entity_id, entity_name, label, kb_id, kb_source, sum(n_mentions) as n
    from entity_forms
    group by all
),
best as (
    select
        entity_id,
        arg_max(entity_name, (entity_name <> upper(entity_name), n, entity_name)) as name,
        arg_max(label, n) as label,
        arg_max(kb_id, n) as kb_id,
        arg_max(kb_source, n) as kb_source
    from names
    group by entity_id
),
aliases as (
    -- one alias per spelling: "José" written composed and decomposed is one
    select entity_id, list(distinct nfc_normalize(text) order by nfc_normalize(text)) as aliases
    from entity_forms
    group by entity_id
),
counts as (
    select entity_id, sum(n_mentions)::integer as n_mentions, count(*)::integer as n_docs
    from doc_entity_counts
    group by entity_id
)
select best.entity_id, best.name, best.label, aliases.aliases, counts.n_mentions, counts.n_docs, best.kb_id, best.kb_source
from best
join aliases using (entity_id)
join counts using (entity_id)
order by n_mentions desc, name, entity_id
