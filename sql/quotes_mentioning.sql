-- table macro: the quotations and reported speech that name an entity, asked for by its name or any alias, e.g. from quotes_mentioning('Putin'); kind says which
create or replace macro quotes_mentioning(entity_name) as table
with

matched_entities as (
    select entity_id, name
    from entities
    where lower(name) = lower(entity_name)
        or list_contains(list_transform(aliases, lambda alias: lower(alias)), lower(entity_name))
),

entity_mentions_rows as (
    -- every mention is linked to its entity, so this finds the entity under any of its aliases
    select mention_rows.doc_id, mention_rows.start_char, mention_rows.end_char, matched_entities.entity_id, matched_entities.name
    from mentions as mention_rows
    join matched_entities on matched_entities.entity_id = mention_rows.entity_id
),

mentioned_in as (
    select distinct quote_pieces.quote_group, entity_mentions_rows.entity_id, entity_mentions_rows.name
    from quotes as quote_pieces
    join entity_mentions_rows
        on entity_mentions_rows.doc_id = quote_pieces.doc_id
        and entity_mentions_rows.start_char >= quote_pieces.start_char
        and entity_mentions_rows.end_char <= quote_pieces.end_char
    where quote_pieces.kind <> 'scare'
),

final as (
    select
        mentioned_in.name as entity,
        quote_rows.speaker,
        quote_rows.kind,
        quote_rows.quote,
        quote_rows.title,
        quote_rows.published_at,
        quote_rows.doc_id,
        quote_rows.quote_group
    from speaker_quotes as quote_rows
    join mentioned_in on mentioned_in.quote_group = quote_rows.quote_group
)

select * from final
order by published_at nulls last, doc_id, quote_group
