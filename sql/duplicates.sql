-- one row per repeated copy of an article (same normalised text), and the copy that is kept (base view)
select *
from read_parquet('{parquet}/duplicates/*.parquet')
