"""Record ids. Plain Python, no Django.

Ids are 64-bit keys (BigAutoField): a larger number names no record, and SQLite cannot even bind an
integer beyond 64 bits (an OverflowError, a server error), so such numbers are refused before a query."""

LARGEST_ID = 2**63 - 1  # the largest key a PostgreSQL bigint (and a SQLite integer) holds
