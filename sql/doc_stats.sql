-- per document: title, publication time, format, language (identified, its confidence, and the declared one), paragraphs, sentences, words, mentions, direct quotations and reported speech (sentences, mentions and quotes are found in English documents only)
with

docs as (
    select * from documents
),

mention_counts as (
    select doc_id, count(*) as n_mentions
    from mentions
    group by doc_id
),

quote_counts as (
    select
        doc_id,
        count(*) filter (where kind = 'direct') as n_quotes,
        count(*) filter (where kind <> 'direct') as n_reported
    from quotations
    group by doc_id
),

final as (
    select
        docs.doc_id,
        docs.source_path,
        docs.title,
        docs.published_at,
        docs.format,
        docs.language,
        docs.language_confidence,
        docs.declared_language,
        docs.n_paragraphs,
        docs.n_sentences,
        docs.n_words,
        coalesce(mention_counts.n_mentions, 0) as n_mentions,
        coalesce(quote_counts.n_quotes, 0) as n_quotes,
        coalesce(quote_counts.n_reported, 0) as n_reported,
        docs.ingested_at
    from docs
    left join mention_counts on mention_counts.doc_id = docs.doc_id
    left join quote_counts on quote_counts.doc_id = docs.doc_id
)

select * from final
order by source_path
