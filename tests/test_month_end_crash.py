"""Crash test: the Odoo server dies in the middle of a month-end invoicing job; restarted, its job
runner (OCA queue_job) runs the job again, and every report is billed exactly once.

A server of its own in workers mode (--workers=2, queue_job's runner process) invoices a dozen
reports in jobs of two. A row lock taken by the test holds one job inside its transaction; the
server is then killed (SIGKILL, the whole process group), the lock released, the server restarted.
"""

import os
import signal
import time
import uuid

import esn_env
import pytest
from api_example import XmlRpcClient

REPORTS = 12
JOB_SIZE = 2


def _start(db, port, log_name):
    process = esn_env.start_server(
        db, port, log_name, "--workers=2", "--load=base,web,queue_job", start_new_session=True
    )
    if not esn_env.wait_for_http(f"http://127.0.0.1:{port}/web/login", process, timeout=180):
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"the workers-mode server did not start; see .logs/{log_name}")
    return process


def _kill(process):
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _validated_reports(client, suffix):
    """REPORTS salaried consultants' October reports, validated, at three clients."""
    customers = [
        client.call("res.partner", "create", {"name": f"Crash client {suffix}-{index}", "is_company": True})
        for index in range(3)
    ]
    reports = []
    for index in range(REPORTS):
        employee = client.call("hr.employee", "create", {"name": f"Crash consultant {suffix}-{index}"})
        mission = client.call(
            "esn.mission",
            "create",
            {
                "partner_id": customers[index % 3],
                "employee_id": employee,
                "date_start": "2026-10-01",
                "date_end": "2026-10-31",
                "sell_rate": 600,
                "buy_rate": 300,
            },
        )
        client.call("esn.mission", "action_activate", [mission])
        [name] = [row["name"] for row in client.call("esn.mission", "read", [mission], fields=["name"])]
        reports.append(
            client.call("esn.cra", "set_days", name, "2026-10", {"2026-10-05": 1, "2026-10-06": 1})
        )
    client.call("esn.cra", "action_submit", reports)
    client.call("esn.cra", "action_validate", reports)
    return reports


def _wait_for_lock_waiter(db, timeout=120):
    """Until a backend of `db` waits on a row lock: a job is inside its transaction."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        connection = esn_env._pg_connect(db)
        try:
            with connection.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                    [db],
                )
                if cr.fetchone()[0]:
                    return True
        finally:
            connection.close()
        time.sleep(0.5)
    return False


def test_killed_invoicing_job_is_run_again_and_bills_once(server):
    db = server["db"]
    admin = XmlRpcClient(server["url"], db, "admin", "admin")
    admin.call("ir.config_parameter", "set_param", "esn_month_end.job_size", str(JOB_SIZE))
    manager = XmlRpcClient(server["url"], db, "claire", "claire")
    reports = _validated_reports(manager, uuid.uuid4().hex[:6])

    # one report of the last chunk is locked by the test: its job waits inside its transaction
    locker = esn_env._pg_connect(db)
    port = esn_env.free_port()
    process = None
    try:
        with locker.cursor() as cr:
            cr.execute("SELECT id FROM esn_cra WHERE id = %s FOR UPDATE", [max(reports)])
        process = _start(db, port, "server-crash-1.log")
        crashed = XmlRpcClient(f"http://127.0.0.1:{port}", db, "claire", "claire")
        action = crashed.call("esn.cra", "action_open_invoices", reports)
        assert action["tag"] == "display_notification", "more reports than a job holds: queued"
        assert _wait_for_lock_waiter(db), "no job reached the locked report"
        _kill(process)
        process = None
    finally:
        locker.rollback()
        locker.close()
        if process:
            _kill(process)

    jobs_domain = [("channel", "=like", "root.esn%"), ("method_name", "=", "_job_create_invoices")]
    process = _start(db, port, "server-crash-2.log")
    try:
        deadline = time.time() + 240
        while time.time() < deadline:
            states = {
                job["state"] for job in admin.call("queue.job", "search_read", jobs_domain, fields=["state"])
            }
            if states <= {"done", "failed", "cancelled"}:
                break
            time.sleep(1)
    finally:
        _kill(process)

    admin.call("ir.config_parameter", "set_param", "esn_month_end.job_size", False)
    jobs = admin.call("queue.job", "search_read", jobs_domain, fields=["state", "retry"])
    assert jobs and {job["state"] for job in jobs} == {"done"}, jobs
    assert max(job["retry"] for job in jobs) >= 1, "the killed job was found dead and run again"
    states = {row["state"] for row in manager.call("esn.cra", "read", reports, fields=["state"])}
    assert states == {"invoiced"}
    lines = manager.call(
        "account.move.line",
        "read_group",
        [
            ("esn_cra_id", "in", reports),
            ("move_id.move_type", "=", "out_invoice"),
            ("display_type", "=", "product"),
        ],
        ["esn_cra_id"],
        ["esn_cra_id"],
    )
    assert len(lines) == REPORTS
    assert {group["esn_cra_id_count"] for group in lines} == {1}, "every report billed exactly once"
    moves = manager.call(
        "account.move",
        "search_read",
        [("line_ids.esn_cra_id", "in", reports)],
        fields=["invoice_line_ids", "partner_id"],
    )
    assert len(moves) == 3, "one invoice per client, none half-written"
    assert all(move["invoice_line_ids"] for move in moves)
