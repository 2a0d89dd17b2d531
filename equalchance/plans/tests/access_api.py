"""Rows of the authorisation matrix for the plans JSON API (`/api/plans/`), using the records
`access.populate` makes. Kept apart from the pages' rows."""

ROWS: list = []
