-- per document: title, publication time, format, language (identified, its confidence, and the declared one), paragraphs, sentences, words, mentions, direct quotations and reported speech (sentences, mentions and quotes are found in English documents only)
with

docs as (
    select * from documents
),

counts as (
    -- counted once per document at commit (sql/derived/doc_counts.sql)
    select * from doc_counts
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
        counts.n_mentions,
        counts.n_quotes,
        counts.n_reported,
        docs.ingested_at
    from docs
    join counts on counts.doc_id = docs.doc_id
)

select * from final
order by source_path
