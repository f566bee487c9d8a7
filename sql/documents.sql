-- one row per ingested article (base view over the documents Parquet table)
select *
from read_parquet('{parquet}/documents/*.parquet')
