"""`ketenradar discover`: find the website of firms that have none (or none usable)."""
