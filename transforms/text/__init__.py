"""An article's text: cleaning, normalisation that never moves an offset, sentences, dates,
language, and the dependency parse the quote rules read."""
