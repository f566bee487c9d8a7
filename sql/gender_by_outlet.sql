-- the share of quoted people who are women (the Gender Gap Tracker's figure), per outlet and month of publication: attributions whose speaker is a named person, by the gender the documents' own words give (titles, pronouns: person_genders; unknown when they give none or disagree); female_share is of those with a known gender
with

attributions as (
    -- every row (lake.quotations): the copies' go at the join with doc_origins, which holds the kept documents only, after 1.7 million rows have become 200,000 (0.48 -> 0.25 s at 200,119 documents)
    select quotations.doc_id, genders.gender
    from lake.quotations as quotations
    join entities on entities.entity_id = quotations.speaker_entity_id
    left join person_genders as genders on genders.entity_id = quotations.speaker_entity_id
    where entities.label = 'PERSON'
),

per_document as (
    -- counted per document before the documents' outlets and months are joined: 200,000 rows to join, not every attribution
    select
        doc_id,
        count(*) as n_quotations,
        count(*) filter (where gender = 'female') as n_female,
        count(*) filter (where gender = 'male') as n_male,
        count(*) filter (where coalesce(gender, 'unknown') = 'unknown') as n_unknown
    from attributions
    group by doc_id
),

final as (
    select
        doc_origins.outlet,
        date_trunc('month', doc_origins.published_at)::date as month,
        sum(per_document.n_quotations)::bigint as n_quotations,
        sum(per_document.n_female)::bigint as n_female,
        sum(per_document.n_male)::bigint as n_male,
        sum(per_document.n_unknown)::bigint as n_unknown,
        round(sum(per_document.n_female) / nullif(sum(per_document.n_female) + sum(per_document.n_male), 0), 3) as female_share
    from per_document
    join doc_origins on doc_origins.doc_id = per_document.doc_id
    group by doc_origins.outlet, month
)

select * from final
order by outlet nulls last, month nulls last
