"""HTML report, charts and XLSX/CSV/Parquet exports."""
