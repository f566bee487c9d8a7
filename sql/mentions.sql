-- one row per named-entity mention, linked to its canonical entity (base view)
select *
from read_parquet('{parquet}/mentions/*.parquet')
