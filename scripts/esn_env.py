"""Shared helpers of scripts/serve, scripts/test and the tests under tests/.

Odoo 18 is a prerequisite: it must be importable by this very python3.
"""

import ast
import getpass
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
CONFIG = ROOT / "config" / "odoo.conf"
LOG_DIR = ROOT / ".logs"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
# a day (YYYY-MM-DD) that Odoo's processes take for today (scripts/at_date.py), or none
TODAY_VARIABLE = "ESN_TODAY"

# The Odoo applications the suite runs on (besides what its modules depend on).
# The French chart of accounts, installed before the rest: their demo data posts entries.
CHART_APPS = ["account", "l10n_fr_account"]
ODOO_APPS = [
    *CHART_APPS,
    "crm",
    "sale_management",
    "purchase",
    "project",
    "hr_timesheet",
    "sale_timesheet",
    "hr_holidays",
    "hr_expense",
    "sale_expense",
    "portal",
    "stock",
    "mrp",
]


def fail(sentence, code=2):
    print(f"error: {sentence}", file=sys.stderr, flush=True)
    sys.exit(code)


def check_odoo():
    """Fail with one sentence unless this python3 imports Odoo 18."""
    try:
        import odoo.release  # noqa: PLC0415
    except ImportError:
        fail(
            f"{sys.executable} cannot import odoo: install Odoo 18 so that python3 "
            "can `import odoo` (see README, Prerequisites)."
        )
    if odoo.release.version_info[0] != 18:
        fail(f"python3 imports Odoo {odoo.release.version}, but the suite needs Odoo 18.")


def _pg_connect(dbname="postgres"):
    import psycopg2  # noqa: PLC0415

    return psycopg2.connect(dbname=dbname, connect_timeout=3)


def ensure_postgres():
    """Start the local PostgreSQL cluster if it is down and make sure our role exists."""
    import psycopg2  # noqa: PLC0415

    last_error = None
    for attempt in range(20):
        try:
            _pg_connect().close()
            return
        except psycopg2.OperationalError as error:
            last_error = str(error).strip()
        if "does not exist" in last_error and "role" in last_error:
            _create_pg_role()
            continue
        if attempt == 0 and shutil.which("pg_lsclusters"):
            _start_clusters()
        time.sleep(1)
    fail(f"PostgreSQL cannot be reached or started ({last_error.splitlines()[0]}).")


def _start_clusters():
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in clusters.splitlines():
        version, name, _port, status = line.split()[:4]
        if status != "online":
            subprocess.run(["pg_ctlcluster", version, name, "start"], capture_output=True)


def _create_pg_role():
    user = getpass.getuser()
    command = ["createuser", "--superuser", user]
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", " ".join(command)]
    else:
        command = ["sudo", "-n", "-u", "postgres", *command]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        fail(f"PostgreSQL has no role {user!r} and it could not be created ({result.stderr.strip()}).")


def database_exists(name):
    with _pg_connect() as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def copy_database(source, name):
    """`name` as a fresh copy of `source` (dropped first if it exists)."""
    drop_database(name)
    _execute_outside_transaction(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')


def drop_database(name):
    _execute_outside_transaction(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _execute_outside_transaction(statement):
    """What PostgreSQL refuses inside a transaction block, such as creating a database."""
    conn = _pg_connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(statement)
    finally:
        conn.close()


def installed_modules(name, modules):
    """The subset of `modules` installed in database `name`."""
    conn = _pg_connect(name)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)",
                [list(modules)],
            )
            return {row[0] for row in cr.fetchall()}
    finally:
        conn.close()


def installed_versions(name, modules):
    """{module: installed version} of the installed `modules` in database `name`."""
    conn = _pg_connect(name)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name, latest_version FROM ir_module_module "
                "WHERE state = 'installed' AND name = ANY(%s)",
                [list(modules)],
            )
            return dict(cr.fetchall())
    finally:
        conn.close()


def suite_modules():
    """Every module of the suite (addons/*/__manifest__.py), sorted by name."""
    modules = []
    for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
        if ast.literal_eval(manifest.read_text()).get("installable", True):
            modules.append(manifest.parent.name)
    return modules


def odoo_command(*args):
    """Odoo's command line, through the launcher script of Odoo's tree when it has one: in workers
    mode Odoo starts its websocket process by re-running its own command, which `-m odoo` is not."""
    spec = importlib.util.find_spec("odoo")
    launcher = spec and Path(spec.origin).parent.parent / "setup" / "odoo"
    start = [str(launcher)] if launcher and launcher.exists() else ["-m", "odoo"]
    return python_command(*start, *odoo_options(*args))


def python_command(*args):
    """`python3 args`, run as if today were the day of ESN_TODAY when it is set."""
    today = os.environ.get(TODAY_VARIABLE)
    return [sys.executable, *([str(ROOT / "scripts" / "at_date.py"), today] if today else []), *args]


def odoo_options(*args):
    """The suite's configuration and addons path, then `args`."""
    return ["-c", str(CONFIG), f"--addons-path={ADDONS}", *args]


def create_database(name, demo=True, lang="en_US"):
    """Create `name` (dropping it first) as Odoo's database manager does, with a French company."""
    code = (
        "import sys, odoo\n"
        "from odoo.tools import config\n"
        "config.parse_config(sys.argv[1:3])\n"
        "from odoo.service import db\n"
        "name, demo, lang = sys.argv[3], sys.argv[4] == '1', sys.argv[5]\n"
        "if db.exp_db_exist(name):\n"
        "    db.exp_drop(name)\n"
        "db.exp_create_database(name, demo, lang, 'admin', 'admin', 'FR')\n"
    )
    result = subprocess.run(
        python_command(
            "-c",
            code,
            "-c" + str(CONFIG),
            f"--addons-path={ADDONS}",
            name,
            "1" if demo else "0",
            lang,
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        fail(f"the database {name!r} could not be created.")


def install_apps(db, log_file=None):
    """Install the Odoo applications the suite runs on (and what they auto-install), with the
    French language: the suite then comes on an Odoo already in place, as in a firm. The French
    chart of accounts comes first: the applications' demo data posts entries (Expenses'). Each
    step installs only what is not installed yet: `-i` on an installed module updates it and what
    depends on it, reloading demo data that then fails."""
    for step in (CHART_APPS, ODOO_APPS):
        modules = sorted(set(step) - installed_modules(db, step))
        if not modules:
            continue
        command = odoo_command(
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--load-language=fr_FR",
            "--stop-after-init",
            "--http-port",
            str(free_port()),
            *([f"--logfile={log_file}"] if log_file else []),
        )
        if subprocess.run(command, cwd=ROOT).returncode:
            fail(f"the Odoo applications could not be installed in {db}.")


def log_problems(log_file):
    """The WARNING, ERROR and CRITICAL lines of an Odoo log (demo data that failed to install…)."""
    return [
        line[:400]
        for line in log_file.read_text(errors="replace").splitlines()
        if (match := LOG_LINE.match(line)) and match["level"] in ("WARNING", "ERROR", "CRITICAL")
    ]


def install_requirements(dev=False):
    """The suite's own Python packages (requirements.txt, and what tests and lint need with
    `dev`: requirements-dev.txt); Odoo itself is a prerequisite."""
    constraints = str(ROOT / "scripts" / "pip-constraints.txt")
    # pip 26 applies PIP_CONSTRAINT no longer to build isolation: PIP_BUILD_CONSTRAINT reaches it
    env = dict(os.environ, PIP_CONSTRAINT=constraints, PIP_BUILD_CONSTRAINT=constraints)
    requirements = ROOT / ("requirements-dev.txt" if dev else "requirements.txt")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "-r", str(requirements)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.stderr.write(result.stderr[-3000:])
        fail(f"the packages of {requirements.name} could not be installed.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_suite_database(db, recreate=False):
    """`db` without demo data and with the suite as it is in this checkout, for the benchmark and
    the load test: created when missing (or `recreate`), else updated, so that what is measured
    is the current code and every module of the suite is installed."""
    update = []
    if recreate or not database_exists(db) or not installed_modules(db, ["esn_all"]):
        print(f"creating {db} with the suite, without demo data...", flush=True)
        create_database(db, demo=False)
        install_apps(db)
    else:
        print(f"updating the suite in {db}...", flush=True)
        update = ["-u", ",".join(suite_modules())]
    options = ["--stop-after-init", f"--http-port={free_port()}", "--log-level=warn"]
    command = odoo_command("-d", db, "-i", "esn_all", *update, *options)
    if subprocess.run(command, cwd=ROOT).returncode:
        fail(f"the suite could not be installed in the database {db}.")


def start_server(db, port, log_name, *options, **popen):
    """An Odoo server on `db` and 127.0.0.1:`port` without cron threads, logging to .logs/`log_name`."""
    LOG_DIR.mkdir(exist_ok=True)
    command = odoo_command(
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-port",
        str(port),
        "--max-cron-threads=0",
        *options,
        f"--logfile={LOG_DIR / log_name}",
    )
    return subprocess.Popen(command, cwd=ROOT, **popen)


def wait_for_http(url, process, timeout=120):
    import urllib.request  # noqa: PLC0415

    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False
