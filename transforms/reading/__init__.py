"""Reading files into articles: formats (text, HTML, JSON, CSV, WARC/ARC, dumps), compression,
decoding, and the guard that turns a hostile file into one reject instead of a crash."""
