-- every mention with the text of its sentence, made once per document at commit: a join of every mention with every sentence at each query would read all the sentences' text before its first row; made for every document in lake.* (the view entity_mentions leaves the copies out and adds the entity's name)
select
    mention_rows.mention_id,
    mention_rows.doc_id,
    mention_rows.sentence_id,
    mention_rows.start_char,
    mention_rows.end_char,
    mention_rows.text as mention,
    mention_rows.label,
    mention_rows.entity_id,
    sentence_rows.text as sentence,
    document_rows.language
from lake.mentions as mention_rows
join lake.sentences as sentence_rows on sentence_rows.sentence_id = mention_rows.sentence_id
join lake.documents as document_rows on document_rows.doc_id = mention_rows.doc_id
