-- one row per quoted piece: text, kind, speaker and cue; copies listed in duplicates are left out (base view)
select *
from read_parquet('{parquet}/quotes/*.parquet')
anti join read_parquet('{parquet}/duplicates/*.parquet') as copies using (doc_id)
