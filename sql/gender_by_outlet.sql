-- the share of quoted people who are women (the Gender Gap Tracker's figure), per outlet and month of publication: attributions whose speaker is a named person, by the gender the documents' own words give (titles, pronouns: person_genders; unknown when they give none or disagree); female_share is of those with a known gender
with

attributions as (
    select quotations.doc_id, quotations.speaker_entity_id
    from quotations
    join entities on entities.entity_id = quotations.speaker_entity_id
    where entities.label = 'PERSON'
),

genders as (
    select entity_id, gender from person_genders
),

final as (
    select
        doc_origins.outlet,
        date_trunc('month', doc_origins.published_at)::date as month,
        count(*) as n_quotations,
        count(*) filter (where genders.gender = 'female') as n_female,
        count(*) filter (where genders.gender = 'male') as n_male,
        count(*) filter (where coalesce(genders.gender, 'unknown') = 'unknown') as n_unknown,
        round(count(*) filter (where genders.gender = 'female') / nullif(count(*) filter (where genders.gender in ('female', 'male')), 0), 3) as female_share
    from attributions
    join doc_origins on doc_origins.doc_id = attributions.doc_id
    left join genders on genders.entity_id = attributions.speaker_entity_id
    group by doc_origins.outlet, month
)

select * from final
order by outlet nulls last, month nulls last
