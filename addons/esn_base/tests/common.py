"""Test helpers shared by the suite's modules."""

from contextlib import contextmanager


class EsnTestMixin:
    """Mixed into the suite's Odoo test cases."""

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like unittest's, in a savepoint as Odoo's assertRaises: a failed write leaves nothing behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception.args[0]), regex)
