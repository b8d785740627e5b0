#!/usr/bin/env python3
"""Run Odoo's own tests of installed modules on a registry where every installed module is loaded.

    python3 scripts/odoo_test_runner.py -c config/odoo.conf --addons-path=addons -d DB \
        --test-tags=/crm,/account:TestAccountMoveOutInvoiceOnchanges --results=FILE.json [odoo options]

Why not `odoo -u MODULE --test-tags ...`: Odoo runs a module's `at_install` tests right after
loading that module, before the modules depending on it (the ESN suite) are in the registry, so
they would test Odoo without our overrides. Here the database is already installed; the runner

1. starts Odoo's own server (`odoo.service.server.start`, HTTP server included, as
   `--test-enable` does, so browser tours run), with its `preload_registries` replaced:
2. the registry of the database is loaded with no test selected, so every installed module,
   the suite included, is loaded before any test runs;
3. the selected tests then run with Odoo's own loader (`odoo.tests.loader.make_suite`,
   `run_suite`): the `at_install` ones module by module in dependency order, then the
   `post_install` ones, as Odoo orders them;
4. Odoo logs its usual summary (`N failed, N error(s) of N tests when loading database`) and
   the runner writes every test's outcome to --results (JSON: test ids in the test-tags form
   `/module:Class.method`), for scripts/test to compare with scripts/odoo_known_failures.toml.
"""

import csv
import json
import re
import sys
import threading
import time
import unittest

import odoo
from odoo.modules.graph import Graph
from odoo.modules.registry import Registry
from odoo.service import server
from odoo.tools import config

# odoo.tests (loader, results) is imported once the configuration enables tests: Odoo logs an
# ERROR when its test framework is imported outside test mode.

# A test tag no test carries: nothing runs while the registry loads.
NOTHING = "esn_runner_no_test_while_loading"
ERROR_HOLDER = re.compile(r"^(?P<fixture>\w+) \((?P<path>[\w.]+)\)")

OUTCOMES = {}  # test id -> "fail" / "error" / "skip", for the tests that did not pass
RUN = []  # ids of every test started


def test_id(test):
    """`/module:Class.method` for a test, `/module:Class` for a class fixture's error."""
    # a subtest (unittest's or Odoo's own, odoo.tests.case._SubTest) is its test's
    test = getattr(test, "test_case", test)
    if isinstance(test, unittest.TestCase):
        module = getattr(test, "test_module", None) or test.__module__.split(".")[2]
        return f"/{module}:{type(test).__name__}.{test._testMethodName}"
    match = ERROR_HOLDER.match(str(test))  # unittest's _ErrorHolder: setUpClass (odoo.addons.x.tests.y.Class)
    if match:
        parts = match["path"].split(".")
        module = parts[2] if parts[:2] == ["odoo", "addons"] and len(parts) > 2 else parts[0]
        return f"/{module}:{parts[-1]}" if len(parts) > 3 else f"/{module}"
    return str(test)


def recording_result(report):
    """Odoo's test result, also recording which test failed, errored or was skipped."""
    from odoo.tests.result import OdooTestResult  # noqa: PLC0415

    class RecordingResult(OdooTestResult):
        def startTest(self, test):
            RUN.append(test_id(test))
            super().startTest(test)

        def addError(self, test, err):
            if not self._soft_fail:
                OUTCOMES[test_id(test)] = "error"
            super().addError(test, err)

        def addFailure(self, test, err):
            if not self._soft_fail:
                OUTCOMES.setdefault(test_id(test), "fail")
            super().addFailure(test, err)

        def addSkip(self, test, reason):
            OUTCOMES.setdefault(test_id(test), "skip")
            super().addSkip(test, reason)

    return RecordingResult(global_report=report)


def run_suite(suite, report):
    """odoo.tests.loader.run_suite, with the recording result."""
    odoo.modules.module.current_test = True
    threading.current_thread().testing = True
    try:
        result = recording_result(report)
        suite(result)
    finally:
        threading.current_thread().testing = False
        odoo.modules.module.current_test = False
    report.update(result)


def selected_modules(registry):
    """Installed modules named by --test-tags (all installed ones if a tag names none), in
    dependency order."""
    from odoo.tests.tag_selector import TagsSelector  # noqa: PLC0415

    with registry.cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        graph = Graph()
        graph.add_modules(cr, [name for (name,) in cr.fetchall()])
    ordered = [package.name for package in graph]
    include = TagsSelector(config["test_tags"]).include
    named = {module for (_tag, module, _class, _method, _path) in include}
    if None in named:
        return ordered
    return [name for name in ordered if name in named]


def preload_registries(dbnames):
    """Replaces odoo.service.server.preload_registries: load everything, then test."""
    from odoo.tests import loader  # noqa: PLC0415

    rc = 0
    for dbname in dbnames:
        threading.current_thread().dbname = dbname
        selection = config["test_tags"]
        config["test_tags"] = NOTHING
        try:
            registry = Registry.new(dbname)
        except Exception:
            server._logger.critical("Failed to initialize database `%s`.", dbname, exc_info=True)
            return -1
        finally:
            config["test_tags"] = selection
        report = registry._assertion_report
        modules = selected_modules(registry)
        t0 = time.time()
        server._logger.info("Running the tests of %s with every installed module loaded", ", ".join(modules))
        with registry.cursor() as cr:
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.qweb"]._pregenerate_assets_bundles()
        for module in modules:
            suite = loader.make_suite([module], "at_install")
            if suite.countTestCases():
                server._logger.info("at_install tests of %s", module)
                run_suite(suite, report)
        suite = loader.make_suite(modules, "post_install")
        if suite.countTestCases():
            server._logger.info("post_install tests of %s", ", ".join(modules))
            run_suite(suite, report)
        server._logger.info("%d tests in %.0fs", report.testsRun, time.time() - t0)
        report.log_stats()
        if not report.wasSuccessful():
            rc += 1
    return rc


def main():
    args = sys.argv[1:]
    results_file = None
    for arg in list(args):
        if arg.startswith("--results="):
            results_file = arg.split("=", 1)[1]
            args.remove(arg)
    config.parse_config(args, setup_logging=True)
    if not config["db_name"] or not config["test_enable"]:
        sys.exit("usage: odoo_test_runner.py -d DB --test-tags=TAGS [--results=FILE] [odoo options]")
    csv.field_size_limit(500 * 1024 * 1024)
    server.preload_registries = preload_registries
    rc = server.start(preload=[config["db_name"]], stop=True)
    if results_file:
        with open(results_file, "w") as out:
            json.dump({"run": RUN, "not_passed": OUTCOMES}, out, indent=1)
    sys.exit(rc)


if __name__ == "__main__":
    main()
