"""The real server process of the browser tests serves the concurrency tests too."""

from tests.e2e.conftest import server  # noqa: F401 - the fixture, shared
