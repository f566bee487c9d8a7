-- one row per attribution: a direct quotation (its pieces joined), reported speech (indirect) or a reported clause holding a quoted fragment (mixed), with speaker, cue, the rule that found it and the sentence it starts in; quoted terms (scare) left out (base view; grouped at commit by sql/derived/quotations.sql)
select *
from read_parquet('{parquet}/quotations/*.parquet')
anti join read_parquet('{parquet}/duplicates/*.parquet') as copies using (doc_id)
