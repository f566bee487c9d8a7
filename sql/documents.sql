-- one row per ingested article with its metadata; copies listed in duplicates are left out (base view)
select *
from read_parquet('{parquet}/documents/*.parquet')
anti join read_parquet('{parquet}/duplicates/*.parquet') as copies using (doc_id)
