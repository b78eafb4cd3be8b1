"""Places, provinces, regions and distances for hard location requirements.

Places come from the firms table itself (mean coordinates of the firms in a place), so nothing is
looked up online and every place a user can type is one the data knows.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

PROVINCES = [
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
]

# The CBS "landsdelen": what people mean by "regio Oost" and the like.
REGIONS: dict[str, list[str]] = {
    "noord": ["Groningen", "Fryslân", "Drenthe"],
    "oost": ["Overijssel", "Flevoland", "Gelderland"],
    "west": ["Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland"],
    "zuid": ["Noord-Brabant", "Limburg"],
}
REGION_ALIASES = {
    "noord": "noord",
    "north": "noord",
    "northern": "noord",
    "oost": "oost",
    "east": "oost",
    "eastern": "oost",
    "west": "west",
    "western": "west",
    "zuid": "zuid",
    "south": "zuid",
    "southern": "zuid",
}


def fold(text: str) -> str:
    """Lower case without accents, for comparing names typed by people."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


_PROVINCE_KEYS = {fold(p): p for p in PROVINCES} | {
    "friesland": "Fryslân",
    "brabant": "Noord-Brabant",
    "noord holland": "Noord-Holland",
    "zuid holland": "Zuid-Holland",
    "noord brabant": "Noord-Brabant",
    "north holland": "Noord-Holland",
    "south holland": "Zuid-Holland",
    "north brabant": "Noord-Brabant",
}


def canonical_province(name: str | None) -> str | None:
    """'noord holland', 'Friesland', 'FRYSLAN' -> the canonical spelling; None if not a province."""
    if not name:
        return None
    return _PROVINCE_KEYS.get(fold(name).replace("-", " ")) or _PROVINCE_KEYS.get(fold(name))


def region_provinces(name: str | None) -> list[str] | None:
    if not name:
        return None
    key = REGION_ALIASES.get(fold(name))
    return REGIONS[key] if key else None


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distance in km from one point to many (NaN where coordinates are missing)."""
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = np.radians(lats.astype(float)), np.radians(lons.astype(float))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def place_table(firms: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    """Folded place name -> (lat, lon, display name), from firms with coordinates."""
    if firms.empty or "place" not in firms:
        return {}
    have = firms.dropna(subset=["place", "latitude", "longitude"])
    if have.empty:
        return {}
    key = have["place"].map(fold)
    grouped = (
        have.assign(_key=key)
        .groupby("_key")
        .agg(lat=("latitude", "mean"), lon=("longitude", "mean"), name=("place", "first"))
    )
    return {k: (float(r["lat"]), float(r["lon"]), str(r["name"])) for k, r in grouped.iterrows()}
