"""newslake's SQL, read by the library: one DuckDB view (or table macro) per file here, the
queries that rebuild the derived tables at every commit in `derived/`, the report's in `report/`.

A package only so that the files ship in the wheel; it holds no code.
"""
