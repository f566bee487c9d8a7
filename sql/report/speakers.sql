-- the $top most quoted named speakers, their direct quotations and reported statements apart
with speakers as (
    select * from top_speakers
    where speaker_status in ('entity', 'name')
),
totals as (
    select speaker, speaker_entity_id, n_quotes, n_words, n_docs from speakers
    where kind = 'all'
    order by n_quotes desc, n_words desc, speaker
    limit $top
)
select
    totals.speaker, totals.n_quotes, totals.n_words, totals.n_docs,
    coalesce(direct.n_quotes, 0) as n_direct, totals.n_quotes - coalesce(direct.n_quotes, 0) as n_reported
from totals
left join speakers as direct
    on direct.speaker_entity_id is not distinct from totals.speaker_entity_id and direct.speaker = totals.speaker and direct.kind = 'direct'
order by totals.n_quotes desc, totals.n_words desc, totals.speaker
