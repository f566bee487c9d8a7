-- one row per sentence, with offsets into documents.text; copies listed in duplicates are left out (base view)
select *
from read_parquet('{parquet}/sentences/*.parquet')
anti join read_parquet('{parquet}/duplicates/*.parquet') as copies using (doc_id)
