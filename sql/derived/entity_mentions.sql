-- every mention with the text of its sentence, made once per document at commit: a join of every mention with every sentence at each query would read all the sentences' text before its first row (the view entity_mentions leaves duplicates out and adds the entity's name)
select
    mentions.mention_id,
    mentions.doc_id,
    mentions.sentence_id,
    mentions.start_char,
    mentions.end_char,
    mentions.text as mention,
    mentions.label,
    mentions.entity_id,
    sentences.text as sentence,
    documents.language
from mentions
join sentences on sentences.sentence_id = mentions.sentence_id
join documents on documents.doc_id = mentions.doc_id
