"""In CI the browser tests must run, not be skipped: the test command installs Debian's Chromium."""

from __future__ import annotations

import os

import pytest

from web_support import CHROMIUM


@pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true", "yes"), reason="only in CI")
def test_chromium_is_installed_so_browser_tests_run() -> None:
    assert CHROMIUM.exists(), "make browser did not install chromium; browser tests would skip"
