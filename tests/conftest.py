"""Integrator tests: a real Odoo server on a free local port, driven over HTTP as an integrator would.

The database (ESN_TEST_DB, default esn_test) must hold the suite with its demo data:
scripts/test creates it before running these tests.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import esn_env


@pytest.fixture(scope="session")
def server():
    """Base URL and database of a running Odoo server; stopped after the session."""
    db = os.environ.get("ESN_TEST_DB", "esn_test")
    if not esn_env.database_exists(db):
        pytest.fail(f"database {db!r} does not exist: run scripts/test, which creates it")
    port = esn_env.free_port()
    # no job runner here: the crash test runs its own server, which must run the jobs
    process = esn_env.start_server(db, port, "server-pytest.log", "--workers=0", "--load=base,web")
    url = f"http://127.0.0.1:{port}"
    try:
        if not esn_env.wait_for_http(f"{url}/web/login", process):
            pytest.fail("the Odoo server did not start; see .logs/server-pytest.log")
        yield {"url": url, "db": db}
    finally:
        process.terminate()
        process.wait(timeout=30)
