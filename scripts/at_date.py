#!/usr/bin/env python3
"""Run a Python program as if today were another day: `at_date.py YYYY-MM-DD PROGRAM [ARGS…]`,
PROGRAM being a script's path, `-m MODULE` or `-c CODE`, as after `python3`.

The clock is moved with freezegun before the program imports anything, and keeps ticking from that
day's current time: Odoo and its tests read that day as today, and a test that freezes its own date
still gets it. PostgreSQL's clock is not moved; the suite reads the date in Python only.
scripts/test --today uses it to catch tests that depend on the calendar before the calendar does.
"""

import datetime

# imported before the clock moves: classes that keep time functions as attributes (logging's
# Formatter.converter) must keep the real ones, as in Odoo's own tests that freeze the date
import logging  # noqa: F401
import runpy
import sys

import freezegun


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.splitlines()[0])
    try:
        day = datetime.date.fromisoformat(sys.argv[1])
    except ValueError:
        sys.exit(f"{sys.argv[1]!r} is not a day: use the YYYY-MM-DD format")
    freezegun.freeze_time(datetime.datetime.combine(day, datetime.datetime.now().time()), tick=True).start()
    program = sys.argv[2:]
    if program[0] in ("-m", "-c") and len(program) > 1:
        sys.argv = [program[0], *program[2:]]
        if program[0] == "-m":
            runpy.run_module(program[1], run_name="__main__", alter_sys=True)
        else:
            exec(compile(program[1], "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = program
        runpy.run_path(program[0], run_name="__main__")


if __name__ == "__main__":
    main()
