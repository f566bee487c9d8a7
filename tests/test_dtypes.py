"""`pd.read_parquet("data/parquet/<table>")` gives the dtypes that transforms/schema/ declares."""

import pandas as pd
import pyarrow as pa
import pytest

from transforms.schema import TABLES

pytestmark = pytest.mark.flow


def expected_dtype(field: pa.Field) -> str:
    """What pandas 3 should make of each Arrow type newslake writes."""
    if pa.types.is_string(field.type):
        return "str"
    if pa.types.is_integer(field.type):
        return str(field.type).capitalize() if field.nullable else str(field.type)  # Int32: nulls stay integers
    if pa.types.is_floating(field.type):
        return "float64"
    if pa.types.is_timestamp(field.type):
        return f"datetime64[{field.type.unit}, {field.type.tz}]"
    if pa.types.is_list(field.type):
        return "object"
    if pa.types.is_boolean(field.type) and not field.nullable:
        return "bool"
    raise AssertionError(f"no expected dtype for {field}")


@pytest.mark.parametrize("name", list(TABLES))
def test_pandas_reads_the_declared_dtypes(seed_data, name):
    frame = pd.read_parquet(seed_data / "parquet" / name)
    schema = TABLES[name].schema
    assert list(frame.columns) == schema.names
    assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == {field.name: expected_dtype(field) for field in schema}


def test_nullable_integers_keep_their_nulls(seed_data):
    quotes = pd.read_parquet(seed_data / "parquet" / "quotes")
    assert quotes.speaker_start.isna().any() and quotes.speaker_start.notna().any()
    assert str(quotes.speaker_start.dtype) == "Int32"
