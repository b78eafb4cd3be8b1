"""FastAPI dashboard and JSON API."""
