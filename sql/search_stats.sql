-- per kind of search unit (sentences, quotes): units indexed and their mean length, for BM25 (base view)
select unit, n_units, total_length / n_units as avg_length, total_length
from read_parquet('{parquet}/search_stats/*.parquet')
