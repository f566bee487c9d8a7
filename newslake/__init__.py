"""newslake: news articles in, an analytics dataset (Parquet + DuckDB views) out."""

PIPELINE_VERSION = "11"
