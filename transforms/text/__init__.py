"""An article's text: cleaning, normalisation that never moves an offset, sentences, dates and
language."""
