"""Test helpers shared by the suite's modules."""

from contextlib import contextmanager

from odoo import fields


class EsnTestMixin:
    """Mixed into the suite's Odoo test cases."""

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like unittest's, in a savepoint as Odoo's assertRaises: a failed write leaves nothing behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        error = caught.exception
        self.assertRegex(str(error.args[0] if error.args else error), regex)

    def drop_future_public_holidays(self):
        """Odoo writes each new employee's future public holidays as timesheets, one employee at a
        time (project_timesheet_holidays): tests creating hundreds of employees measure something else."""
        self.env["resource.calendar.leaves"].sudo().search(
            [("resource_id", "=", False), ("date_from", ">=", fields.Datetime.now())]
        ).unlink()

    def call_kw(self, model, method, *args, **kwargs):
        """model.method(*args, **kwargs) through the web client's JSON-RPC route, as the logged-in user
        (HttpCase); an error raises JsonRpcException carrying the exception's class name."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
