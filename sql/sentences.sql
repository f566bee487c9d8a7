-- one row per sentence, with offsets into documents.text (base view)
select *
from read_parquet('{parquet}/sentences/*.parquet')
