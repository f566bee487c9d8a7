"""Named entities: recognition, corrections, linking to one canonical entity, the known-entities
list and places. This module holds the mention record they (and quote attribution) pass on, so
they share it without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass

PLACE_LABELS = ("GPE", "LOC")


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in a document's text, linked to its canonical entity."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str = ""
    entity_name: str = ""
    from_model: bool = True
    kb_id: str | None = None  # an identifier in a knowledge base (places: ISO 3166-1 or GeoNames)
    kb_source: str | None = None
