"""Scorers behind `make eval`: quality on real articles nobody here wrote, read from ../shared/eval/."""
