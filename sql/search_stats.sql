-- per kind of search unit (sentences, quotes): units indexed and their mean length, for BM25 (base view: the rows of the table lake.search_stats, with avg_length)
select unit, n_units, total_length / n_units as avg_length, total_length
from lake.search_stats
