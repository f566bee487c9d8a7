"""Pure transforms: bytes and text in, typed rows out. Nothing here imports Prefect."""
