"""Test helpers shared by the suite's modules."""

import datetime
import time
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


# Chrome's clock, moved by a fixed number of milliseconds for the pages it opens next
SHIFT_BROWSER_CLOCK = """
(() => {
    const RealDate = Date;
    const shift = %d;
    class ShiftedDate extends RealDate {
        constructor(...args) {
            if (args.length) {
                super(...args);
            } else {
                super(RealDate.now() + shift);
            }
        }
        static now() {
            return RealDate.now() + shift;
        }
    }
    globalThis.Date = ShiftedDate;
})();
"""


class BrowserClockMixin:
    """Mixed into HttpCase tours that freeze the date: the browser reads the server's frozen day as
    today too (Chrome has a clock of its own), so that the page's defaults, such as the month it
    opens on or a filter on this month, match the records the test built."""

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        if browser:
            # freezegun moves Python's clocks, its own "real" datetime included; the system's is not
            frozen = (datetime.datetime.now() - datetime.datetime(1970, 1, 1)).total_seconds()
            shift_ms = round((frozen - time.clock_gettime(time.CLOCK_REALTIME)) * 1000)
            browser._websocket_request(
                "Page.addScriptToEvaluateOnNewDocument", params={"source": SHIFT_BROWSER_CLOCK % shift_ms}
            )
        return session
