"""Jinja2 templates of the HTML report (a package so that they ship in the wheel)."""
