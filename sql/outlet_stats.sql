-- per outlet (null: documents with neither a site name nor a URL): documents, stories (near-copies counted once), wire copy (documents crediting a news agency) and its share, attributions (quotations and reported speech), and the languages of its documents
with

docs as (
    select doc_id, outlet, story_id, wire_agency, language from doc_origins
),

quotation_counts as (
    select doc_id, count(*) as n_quotations
    from quotations
    group by doc_id
),

final as (
    select
        docs.outlet,
        count(*) as n_documents,
        count(distinct docs.story_id) as n_stories,
        count(docs.wire_agency) as n_wire,
        round(count(docs.wire_agency) / count(*), 3) as wire_share,
        coalesce(sum(quotation_counts.n_quotations), 0)::bigint as n_quotations,
        list_sort(list(distinct docs.language) filter (where docs.language is not null)) as languages
    from docs
    left join quotation_counts on quotation_counts.doc_id = docs.doc_id
    group by docs.outlet
)

select * from final
order by n_documents desc, outlet nulls last
