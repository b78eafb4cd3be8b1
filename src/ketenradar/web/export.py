"""XLSX export of search results, safe to open in a spreadsheet."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import xlsxwriter

from ketenradar.report.safe import neutralise


def to_xlsx(frame: pd.DataFrame, sheet: str = "firms") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True})
    for c, name in enumerate(frame.columns):
        ws.write_string(0, c, neutralise(str(name)), bold)
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
                continue
            if isinstance(value, bool | np.bool_):
                ws.write_boolean(r, c, bool(value))
            elif isinstance(value, int | float | np.integer | np.floating):
                ws.write_number(r, c, float(value))
            else:
                ws.write_string(r, c, neutralise(str(value)))
    ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()
