-- one row per ingested file: size, modification time, sha256 and pipeline version (base view)
select *
from read_parquet('{parquet}/manifest/*.parquet')
