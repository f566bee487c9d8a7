"""newslake: news articles in, an analytics dataset (Parquet + DuckDB views) out."""

# Recorded with every file's rows: a lake made by another version is analysed again at its next
# ingest. Raised whenever the analysis makes other rows from the same file (12: the speaker and
# entity-span rules of 2026-12-05 to 12-07; 13: the speaker rules of the fourth session of 12-07;
# 14: the issued statements, named governments and given names of the fifth; 15: the groups of
# levels of government and of a place, governments of another level and abbreviated titles, of
# the sixth).
PIPELINE_VERSION = "15"
