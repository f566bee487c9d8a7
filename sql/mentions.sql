-- one row per named-entity mention, linked to its canonical entity; copies listed in duplicates are left out (base view)
select *
from read_parquet('{parquet}/mentions/*.parquet')
anti join read_parquet('{parquet}/duplicates/*.parquet') as copies using (doc_id)
