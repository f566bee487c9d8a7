-- how many attributions the speaker rankings count and leave out, per kind ('all' for every kind), speaker_status and language of the documents: entity, name and group are counted by top_speakers; unresolved (a pronoun, a relative pronoun or a description with no clear referent, kept as written) and none (no speaker found) are left out; with the most frequent forms of each
with

totals as (
    select * from speaker_totals
),

by_status as (
    select
        kind,
        speaker_status,
        language,
        sum(n_quotes)::bigint as n_quotes,
        list(speaker order by n_quotes desc, speaker)[1:5] as most_frequent
    from totals
    group by kind, speaker_status, language
),

final as (
    select
        kind,
        speaker_status,
        speaker_status in ('entity', 'name', 'group') as counted,
        n_quotes,
        round(n_quotes / sum(n_quotes) over (partition by kind, language), 3) as share,
        most_frequent,
        language
    from by_status
)

select * from final
order by kind <> 'all', kind, counted desc, n_quotes desc, speaker_status
