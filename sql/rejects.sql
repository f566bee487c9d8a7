-- one row per input file that could not be ingested, with the reason (base view)
select *
from read_parquet('{parquet}/rejects/*.parquet')
