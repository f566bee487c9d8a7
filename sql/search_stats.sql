-- per kind of search unit (sentences, quotes): units indexed and their mean length, for BM25 (base view)
select *
from read_parquet('{parquet}/search_stats/*.parquet')
