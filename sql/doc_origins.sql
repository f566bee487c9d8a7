-- per kept document: its outlet (normalised across the collection: the site name its domain's documents give most, else its own, else its URL's registrable domain), the agency it is wire copy of (null when none is credited), and its story (near-copies grouped by MinHash at Jaccard >= 0.8: the story's id is its first-published member's doc_id, is_original marks that member)
with

docs as (
    select doc_id, title, published_at, language from documents
),

outlets as (
    select doc_id, outlet, outlet_domain from document_outlets
),

stories as (
    select doc_id, story_id, is_original, n_documents as story_documents from document_stories
),

wire as (
    -- the first credit's agency (a dateline before a tail line that adds another agency's reporting)
    select doc_id, arg_min(agency, start_char) as wire_agency
    from wire_credits
    group by doc_id
),

final as (
    select
        docs.doc_id,
        docs.title,
        docs.published_at,
        docs.language,
        outlets.outlet,
        outlets.outlet_domain,
        wire.wire_agency,
        coalesce(stories.story_id, docs.doc_id) as story_id,
        coalesce(stories.is_original, true) as is_original,
        coalesce(stories.story_documents, 1) as story_documents
    from docs
    left join outlets on outlets.doc_id = docs.doc_id
    left join stories on stories.doc_id = docs.doc_id
    left join wire on wire.doc_id = docs.doc_id
)

select * from final
