"""The upgrade test of scripts/test: the previous release, installed with its demo data, upgraded to
this tree, keeps its data.

The previous release is the last landed submission listed in scripts/releases.txt; every module
whose models, data or views changed since then must have a higher version. Its addons are taken from git into
.logs/previous-release, installed with the Odoo applications on a fresh database, then the suite
is upgraded with this tree's addons (`-u`), running the modules' migrations. The activity reports,
missions, compliance documents and invoices must be the same before and after, and the upgrade
must log no WARNING or ERROR.
"""

import ast
import io
import re
import shutil
import subprocess
import tarfile

import esn_env

# what must survive an upgrade, as (name, SQL returning comparable rows), of the records that were
# there before it: the demo data a new version adds to a demo database is new, not changed
SNAPSHOT = {
    "activity reports": "SELECT month, state, client_state, total_days, count(*) FROM esn_cra "
    "WHERE create_date < %(upgrade)s GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    "declared days": "SELECT cra_id, date, quantity FROM esn_cra_line WHERE quantity > 0 "
    "AND create_date < %(upgrade)s ORDER BY 1, 2",
    "missions": "SELECT name, state, date_start, date_end, sell_rate, buy_rate FROM esn_mission "
    "WHERE create_date < %(upgrade)s ORDER BY 1",
    "compliance documents": "SELECT partner_id, type_id, issue_date, review_state, state FROM "
    "esn_compliance_document WHERE create_date < %(upgrade)s ORDER BY 1, 2, 3",
    "invoices and bills": "SELECT move_type, state, partner_id, amount_untaxed, amount_total "
    "FROM account_move WHERE id IN (SELECT move_id FROM account_move_line WHERE esn_cra_id IS NOT NULL) "
    "AND create_date < %(upgrade)s ORDER BY 1, 2, 3, 4",
    "timesheets of reports": "SELECT esn_cra_id, date, unit_amount FROM account_analytic_line "
    "WHERE esn_cra_id IS NOT NULL AND create_date < %(upgrade)s ORDER BY 1, 2",
    "companies' ESN settings": "SELECT id, esn_compliance_enforcement, esn_hours_per_day, "
    "esn_client_approval_default, esn_invoice_grouping, esn_cra_reminder_day FROM res_company "
    "WHERE create_date < %(upgrade)s ORDER BY 1",
}


def _git(*args):
    return subprocess.run(["git", *args], cwd=esn_env.ROOT, capture_output=True, text=True, check=True).stdout


def _version(text):
    return tuple(int(part) for part in ast.literal_eval(text)["version"].split("."))


RELEASES = esn_env.ROOT / "scripts" / "releases.txt"
# what a module's version must be bumped for: what the database holds of it
SCHEMA_AND_DATA = re.compile(r"addons/(?P<module>[^/]+)/(models|data|views|security|report|wizards|demo)/")


def previous_release():
    """The last release (scripts/releases.txt) in the tree's history; None when there is none (the
    first release, or a shallow clone)."""
    for line in reversed(RELEASES.read_text().splitlines()):
        commit = line.split("#")[0].split()[:1]
        if commit and _is_ancestor(commit[0]):
            return commit[0]
    return None


def _is_ancestor(commit):
    return (
        subprocess.run(
            ["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=esn_env.ROOT, capture_output=True
        ).returncode
        == 0
    )


def unbumped_modules(release):
    """The modules whose models, data or views changed since `release` without a higher version:
    an upgraded database would not reload them."""
    changed = {
        match["module"]
        for path in _git("diff", "--name-only", release, "--", "addons").split()
        if (match := SCHEMA_AND_DATA.match(path))
    }
    released = set(_git("ls-tree", "--name-only", f"{release}:addons").split())
    return sorted(
        module
        for module in changed & released
        if (esn_env.ADDONS / module / "__manifest__.py").exists()
        and _version((esn_env.ADDONS / module / "__manifest__.py").read_text())
        <= _version(_git("show", f"{release}:addons/{module}/__manifest__.py"))
    )


def _extract_addons(commit, target):
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "addons"],
        cwd=esn_env.ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "addons"


def _snapshot(db, upgrade):
    """The SNAPSHOT rows of the records created before `upgrade` (UTC, as Odoo stores its dates)."""
    connection = esn_env._pg_connect(db)
    try:
        with connection.cursor() as cr:
            result = {}
            for name, query in SNAPSHOT.items():
                cr.execute(query, {"upgrade": upgrade})
                result[name] = cr.fetchall()
        return result
    finally:
        connection.close()


def _now(db):
    connection = esn_env._pg_connect(db)
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT now() AT TIME ZONE 'UTC'")
            return cr.fetchone()[0]
    finally:
        connection.close()


def _odoo(addons, *args):
    command = esn_env.python_command(
        "-m", "odoo", "-c", str(esn_env.CONFIG), f"--addons-path={addons}", *args
    )
    return subprocess.run(command, cwd=esn_env.ROOT).returncode


def run(tally, db):
    commit = previous_release()
    if not commit:
        tally.check(
            "a previous release to upgrade from", False, f"none of {RELEASES.name} in the git history"
        )
        return
    print(f"previous release: {_git('log', '-1', '--format=%h %s', commit).strip()[:100]}", flush=True)
    unbumped = unbumped_modules(commit)
    tally.check(
        "every module changed since the previous release has a higher version",
        not unbumped,
        ", ".join(unbumped),
    )
    old_addons = _extract_addons(commit, esn_env.LOG_DIR / "previous-release")
    modules = esn_env.suite_modules()
    esn_env.create_database(db, demo=True)
    esn_env.install_apps(db, esn_env.LOG_DIR / f"odoo-{db}-apps.log")
    install_log = esn_env.LOG_DIR / f"odoo-{db}-install.log"
    rc = _odoo(
        old_addons,
        "-d",
        db,
        "-i",
        "esn_all",
        "--stop-after-init",
        f"--logfile={install_log}",
    )
    tally.check("the previous release installs", rc == 0, f"exit code {rc} (log: {install_log})")
    if rc:
        return
    upgrade = _now(db)
    before = _snapshot(db, upgrade)
    upgrade_log = esn_env.LOG_DIR / f"odoo-{db}-upgrade.log"
    rc = _odoo(
        esn_env.ADDONS, "-d", db, "-u", ",".join(modules), "--stop-after-init", f"--logfile={upgrade_log}"
    )
    tally.check("the upgrade runs", rc == 0, f"exit code {rc} (log: {upgrade_log})")
    problems = esn_env.log_problems(upgrade_log)
    tally.check("the upgrade logs no WARNING or ERROR", not problems, "\n" + "\n".join(problems[:10]))
    versions = {
        name: ast.literal_eval((esn_env.ADDONS / name / "__manifest__.py").read_text())["version"]
        for name in modules
    }
    installed = esn_env.installed_versions(db, modules)
    stale = sorted(name for name in modules if not installed.get(name, "").endswith(versions[name]))
    tally.check("every module at this tree's version", not stale, ", ".join(stale))
    after = _snapshot(db, upgrade)
    for name in SNAPSHOT:
        tally.check(
            f"the upgrade keeps the {name}",
            before[name] == after[name],
            f"{len(before[name])} rows before, {len(after[name])} after",
        )
    print(f"upgrade test: {sum(len(rows) for rows in before.values())} rows compared (logs: {upgrade_log})")
