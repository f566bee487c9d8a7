-- the $top most mentioned entities of each of the $labels
select label, name, n_mentions, n_docs from top_entities
where list_contains($labels, label) and rank_in_label <= $top
