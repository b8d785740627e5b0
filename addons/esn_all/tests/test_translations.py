from pathlib import Path

import polib
from babel.messages.extract import extract

from odoo.tests import BaseCase, TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = Path(__file__).resolve().parents[2]


@tagged("post_install", "-at_install")
class TestTranslations(BaseCase):
    """Every string the suite's Python shows a user is in its module's template, translated into
    French: a string the extractor cannot read (e.g. after an f-string in a call) never reaches
    the translators."""

    def test_python_strings_are_extracted_and_translated(self):
        modules = sorted(path.parent.parent for path in ADDONS.glob("esn_*/i18n/fr.po"))
        self.assertGreater(len(modules), 5)
        for module in modules:
            template = {entry.msgid for entry in polib.pofile(str(module / "i18n" / f"{module.name}.pot"))}
            french = polib.pofile(str(module / "i18n" / "fr.po"))
            with self.subTest(module=module.name):
                self.assertFalse(
                    [entry.msgid for entry in french if entry.msgid and not entry.msgstr],
                    "untranslated in fr.po",
                )
                for source in module.rglob("*.py"):
                    if "tests" in source.parts or "migrations" in source.parts:
                        continue
                    with source.open("rb") as file:
                        strings = {
                            message
                            for _line, message, _comments, _context in extract(
                                "python", file, keywords={"_": None, "_lt": None}
                            )
                        }
                    missing = strings - template
                    self.assertFalse(missing, f"{source.relative_to(ADDONS)}: not in {module.name}.pot")


@tagged("post_install", "-at_install")
class TestTranslationFiles(TransactionCase):
    """Each module's fr.po holds exactly what Odoo exports for it (fields, views, data, code,
    templates): a term added without its translation, or a translation left for a term gone."""

    def test_fr_po_matches_the_export(self):
        modules = sorted(path.parent.parent.name for path in ADDONS.glob("esn_*/i18n/fr.po"))
        for module in modules:
            exported = {
                source
                for row_module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                    self.env.cr, modules=[module]
                )
                if row_module == module
            }
            french = {
                entry.msgid
                for entry in polib.pofile(str(ADDONS / module / "i18n" / "fr.po"))
                if not entry.obsolete
            }
            with self.subTest(module=module):
                self.assertFalse(
                    sorted(exported - french), f"exported by Odoo, missing from {module}/i18n/fr.po"
                )
                self.assertFalse(
                    sorted(french - exported - {""}), f"in {module}/i18n/fr.po, no longer exported"
                )
