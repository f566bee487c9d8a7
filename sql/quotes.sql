-- one row per quoted piece: text, kind, speaker and cue (base view)
select *
from read_parquet('{parquet}/quotes/*.parquet')
