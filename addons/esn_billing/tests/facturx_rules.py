"""The EN 16931 and French CIUS (FNFE-MPE BR-FR) schematrons, run on a Factur-X XML with Saxon.

Saxon's native image reserves some 32 GB of address space, far more than Odoo's memory limit
(limit_memory_hard, an RLIMIT_AS) lets its process have: the schematrons run in a worker process of
their own, which compiles each stylesheet once."""

import functools
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
STYLESHEETS = {
    "en16931": DATA / "EN16931-CII-validation.xslt",
    "br-fr": DATA / "20260630_BR-FR-Flux2-Schematron-CII_V1.4.0.xslt",
}


def failed_assertions(xml, rules):
    """(rule id, flag, text) of each failed assertion of `rules` ("en16931", "br-fr", or the path of
    a compiled schematron) on the XML that is an error: flag fatal or error, or none; warnings and
    information are left out."""
    worker = _worker()
    xml = xml.decode() if isinstance(xml, bytes) else xml
    worker.stdin.write(json.dumps({"rules": rules, "xml": xml}) + "\n")
    worker.stdin.flush()
    answer = worker.stdout.readline()
    if not answer:
        raise RuntimeError("The schematron worker stopped: see its error output above.")
    return [tuple(failure) for failure in json.loads(answer)]


@functools.cache
def _worker():
    return subprocess.Popen(
        [sys.executable, __file__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        encoding="utf-8",
    )


def _serve():
    """Answer each request line of stdin with the failed assertions, as a line of JSON."""
    from lxml import etree  # noqa: PLC0415
    from saxonche import PySaxonProcessor  # noqa: PLC0415

    svrl = "{http://purl.oclc.org/dsdl/svrl}"

    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever Saxon prints goes to the error output, apart from the answers
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    processor = PySaxonProcessor(license=False)
    stylesheets = {}
    for line in sys.stdin:
        request = json.loads(line)
        rules = request["rules"]
        if rules not in stylesheets:
            stylesheets[rules] = processor.new_xslt30_processor().compile_stylesheet(
                stylesheet_file=str(STYLESHEETS.get(rules, rules))
            )
        document = processor.parse_xml(xml_text=request["xml"])
        report = etree.fromstring(stylesheets[rules].transform_to_string(xdm_node=document).encode())
        failures = [
            (failure.get("id"), failure.get("flag"), " ".join(failure.findtext(f"{svrl}text", "").split()))
            for failure in report.iter(f"{svrl}failed-assert")
            if failure.get("flag") in (None, "fatal", "error")
        ]
        answers.write(json.dumps(failures) + "\n")
        answers.flush()


if __name__ == "__main__":
    _serve()
