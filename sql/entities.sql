-- one row per canonical entity: name, label, aliases, mention and document counts (base view)
select *
from read_parquet('{parquet}/entities/*.parquet')
