-- one row per entity linked to an identifier (places: ISO 3166-1 codes for countries, GeoNames ids for states and cities), with a link to look it up, for joining newslake's entities with other datasets
select
    entity_id,
    name,
    label,
    kb_source,
    kb_id,
    case kb_source
        when 'geonames' then 'https://www.geonames.org/' || kb_id
        when 'iso3166-1' then 'https://www.iso.org/obp/ui/#iso:code:3166:' || kb_id
    end as url,
    n_mentions,
    n_docs
from entities
where kb_id is not null
order by n_mentions desc, name
