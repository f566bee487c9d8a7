-- the keyword index: one row per indexed word of a sentence or quotation; copies listed in duplicates are left out (base view)
select *
from read_parquet('{parquet}/terms/*.parquet')
anti join read_parquet('{parquet}/duplicates/*.parquet') as copies using (doc_id)
