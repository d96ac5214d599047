"""The data package: loading, cleaning, the semantic model, and the one owner of the database connection.

`nlq`, `analytics` and `sentiment` import only this package; `assistant` sits on top of all of them.
"""

from catalog.database import Catalog, DataError, LoadCancelled, QueryError, QueryResult, snake_case

__all__ = ["Catalog", "DataError", "LoadCancelled", "QueryError", "QueryResult", "snake_case"]
