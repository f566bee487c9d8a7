"""The `newslake` command, the top layer: it parses options, prints, and starts the flows.

Nothing below imports it: `transforms` (pure) ← `newslake` (the library) ← `flows` (Prefect) ← `cli`.
"""
