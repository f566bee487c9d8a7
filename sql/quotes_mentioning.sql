-- table macro: the direct quotations whose text names an entity by any of its aliases, e.g. from quotes_mentioning('Putin')
create or replace macro quotes_mentioning(entity_name) as table
with

matched_entities as (
    select entity_id, name, aliases
    from entities
    where lower(name) = lower(entity_name)
        or list_contains(list_transform(aliases, lambda alias: lower(alias)), lower(entity_name))
),

aliases as (
    select distinct matched_entities.entity_id, matched_entities.name, unnest(matched_entities.aliases) as alias
    from matched_entities
),

quote_rows as (
    select * from speaker_quotes
),

final as (
    select distinct on (quote_rows.quote_group, aliases.entity_id)
        aliases.name as entity,
        quote_rows.speaker,
        quote_rows.quote,
        quote_rows.title,
        quote_rows.doc_id,
        quote_rows.quote_group
    from quote_rows
    join aliases
        on regexp_matches(quote_rows.quote, '\b' || regexp_escape(aliases.alias) || '\b')
)

select * from final
order by doc_id, quote_group
