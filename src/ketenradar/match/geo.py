"""Places and distances for hard location requirements (provinces and regions: `model.geo`).

Places come from the firms table itself (mean coordinates of the firms in a place), so nothing is
looked up online and every place a user can type is one the data knows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ketenradar.model.text import fold


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
