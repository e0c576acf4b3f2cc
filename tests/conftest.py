"""Project-wide test options and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

import _ci  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
#: ../shared beside the repository (seeds, peer suites, corpus); tests that need it skip without it.
SHARED = REPO.parent / "shared"


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture
def regen_golden(request) -> bool:
    """True when the run was asked to rewrite golden files."""
    return request.config.getoption("--regen-golden")


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder, or a skip when it is absent."""
    if not SHARED.is_dir():
        _ci.missing("../shared beside the repository")
    return SHARED
