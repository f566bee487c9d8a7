-- one row per entity_id from mentions (duplicates left out); the name is the form most mentions carry, never an all-caps form when another exists (datelines and headlines are in capitals), ties alphabetical, so it does not depend on the order documents were ingested in
with distinct_mentions as (
    select * from mentions
    anti join duplicates using (doc_id)
),
names as (
    select entity_id, entity_name, label, kb_id, kb_source, count(*) as n
    from distinct_mentions
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
counts as (
    select
        entity_id,
        list(distinct text order by text) as aliases,
        count(*)::integer as n_mentions,
        count(distinct doc_id)::integer as n_docs
    from distinct_mentions
    group by entity_id
)
select best.entity_id, best.name, best.label, counts.aliases, counts.n_mentions, counts.n_docs, best.kb_id, best.kb_source
from best
join counts using (entity_id)
order by n_mentions desc, name, entity_id
