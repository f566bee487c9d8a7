-- who is quoted or reported most: attributions, words and documents per speaker and kind ('all', 'direct', 'indirect', 'mixed'); add `where kind = 'direct'` for quotations only (totals kept at commit by sql/derived/speaker_totals.sql)
select *
from read_parquet('{parquet}/speaker_totals/*.parquet')
order by kind <> 'all', kind, n_quotes desc, n_words desc, speaker
