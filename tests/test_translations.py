"""Russian ships with English: every message in the catalogue is translated and compiled."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$")


def entries(text: str) -> list[dict[str, str]]:
    """The catalogue's entries as {keyword: text}, with their flags under "#,"."""
    found: list[dict[str, str]] = []
    current: dict[str, str] = {}
    keyword = ""
    for line in text.splitlines():
        if not line.strip():
            if current:
                found.append(current)
            current, keyword = {}, ""
        elif line.startswith("#,"):
            current["#,"] = line[2:]
        elif line.startswith("#~"):
            current["obsolete"] = "yes"
        elif match := ENTRY.match(line):
            keyword = match[1]
            current[keyword] = ast.literal_eval(match[2])
        elif line.startswith('"') and keyword:
            current[keyword] += ast.literal_eval(line)
    if current:
        found.append(current)
    return [entry for entry in found if entry.get("msgid") and "obsolete" not in entry]


def test_every_message_has_a_russian_translation_that_is_not_fuzzy():
    catalogue = entries(CATALOGUE.read_text(encoding="utf-8"))
    assert len(catalogue) > 1000
    untranslated = [
        entry["msgid"]
        for entry in catalogue
        if "fuzzy" in entry.get("#,", "")
        or not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


def test_the_compiled_catalogue_holds_every_translation():
    catalogue = entries(CATALOGUE.read_text(encoding="utf-8"))
    with translation.override("ru"):
        stale = [
            entry["msgid"]
            for entry in catalogue
            if "msgid_plural" not in entry
            and "msgctxt" not in entry
            and translation.gettext(entry["msgid"]) != entry["msgstr"]
        ]
    assert stale == []


# The names makemessages (xgettext) looks for; a string marked with any other name, e.g. an
# alias `_lazy`, is never extracted and stays in English.
KEYWORDS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def test_translation_functions_are_imported_under_names_makemessages_finds():
    root = Path(settings.BASE_DIR)
    wrong = []
    for app in ("cswg_portal", "communities", "cycles"):
        for path in (root / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    wrong += [
                        f"{path.relative_to(root)}: {alias.name} as {alias.asname}"
                        for alias in node.names
                        if alias.asname and alias.asname not in KEYWORDS
                    ]
    assert wrong == []
