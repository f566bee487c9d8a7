-- scalar macro: a query word as it is indexed (lower case, plurals folded like transforms/text/search.py)
create or replace macro search_term(word) as
case
    when length(word) > 4 and word like '%ies' and not (word like '%eies' or word like '%aies')
        then left(word, length(word) - 3) || 'y'
    when length(word) > 3 and word like '%es' and not (word like '%aes' or word like '%ees' or word like '%oes')
        then left(word, length(word) - 1)
    when length(word) > 3 and word like '%s' and not (word like '%us' or word like '%ss')
        then left(word, length(word) - 1)
    else word
end
