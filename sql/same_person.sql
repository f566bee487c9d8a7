-- people some documents name by surname alone and others in full: each person entity named by one word (`Obama`) with the full-name person it stands for (`Barack Obama`), when, of the full names ending in that word that three documents or more write (not a headline's `Derelict Obama`), one holds at least 3 in 4 of their mentions (not while Michelle Obama is named nearly as often); a document that writes the full name links its surname there already, so these are the documents that never do. top_speakers, quotations and quotes_by_outlet count the surname's attributions under the full name
with

people as (
    select entity_id, name, n_mentions, n_docs, kb_id from entities
    where label = 'PERSON'
),

surnames as (
    -- (one the user identified with --entities is theirs: never joined to another)
    select entity_id, name, strip_accents(lower(name)) as surname from people
    where not contains(name, ' ') and name <> upper(name) and kb_id is null
),

without_suffix as (
    -- a generational or regnal suffix is no surname (`Martin Luther King Jr.`, not `Elizabeth II`)
    select entity_id, name, n_mentions, n_docs, regexp_replace(name, ',?\s+(Jr\.?|Sr\.?|II|III|IV)$', '') as base
    from people
),

full_names as (
    -- names of two words or more, written in full by three documents or more
    select entity_id, name, n_mentions, n_docs, strip_accents(lower(regexp_extract(base, '(\S+)$', 1))) as surname
    from without_suffix
    where contains(base, ' ') and n_docs >= 3
),

candidates as (
    select
        surnames.entity_id,
        surnames.name,
        arg_max(full_names.entity_id, (full_names.n_mentions, full_names.name)) as same_as,
        arg_max(full_names.name, (full_names.n_mentions, full_names.name)) as same_as_name,
        max(full_names.n_mentions) / sum(full_names.n_mentions) as share
    from surnames
    join full_names using (surname)
    group by surnames.entity_id, surnames.name
)

select entity_id, name, same_as, same_as_name, share
from candidates
where share >= 0.75
order by same_as_name, name
