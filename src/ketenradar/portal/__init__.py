"""The portal: accounts (analyst, buyer, firm), demands, responses and self-declared firm data.

A transactional store beside the analytic DuckDB store (docs/portal.md): SQLite in WAL mode by default,
PostgreSQL by URL. `store.py` owns the tables, `service.py` the rules, `api.py` the HTTP endpoints.
"""

from ketenradar.portal.service import Forbidden, NotFoundError, Portal, Principal
from ketenradar.portal.store import PortalStore, default_url

__all__ = ["Forbidden", "NotFoundError", "Portal", "PortalStore", "Principal", "default_url"]
