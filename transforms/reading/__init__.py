"""Reading files into articles: formats (text, HTML, JSON, CSV, WARC/ARC, dumps), compression,
decoding, front matter, the article record itself, and the guard that turns a hostile file into one
reject instead of a crash."""
