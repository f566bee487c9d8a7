-- days between the first and the last publication day: the report picks days, weeks or months from it
select max(day) - min(day) as span from coverage_by_day
