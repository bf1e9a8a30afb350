"""Reading a page's forms from its HTML, as a browser would submit them, and hostile values.

The tests post what the page itself offers: the names come from the inputs on the page, so a
field or a hidden token added to a form later is sent back as the page gave it.
"""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

# Inputs a person types or picks a value into; hidden inputs other than a formset's counts
# are tokens the page hands out and are sent back untouched.
TEXT_KINDS = {"text", "textarea", "search", "email", "tel", "url", "password"}
EDITABLE_KINDS = TEXT_KINDS | {
    "number",
    "date",
    "datetime-local",
    "time",
    "month",
    "week",
    "select",
    "checkbox",
    "radio",
    "range",
    "color",
}
MANAGEMENT_FIELDS = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


@dataclass
class Field:
    name: str
    kind: str
    # What the browser sends as the page stands (several for checkboxes and multi-selects).
    values: list[str] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return self.kind in EDITABLE_KINDS or (
            self.kind == "hidden" and self.name.endswith(MANAGEMENT_FIELDS)
        )


@dataclass
class HtmlForm:
    method: str
    action: str | None
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str | None) -> None:
        known = self.fields.setdefault(name, Field(name, kind))
        if value is not None:
            known.values.append(value)

    def data(self) -> dict[str, list[str]]:
        """The form as a browser submits it, untouched."""
        return {name: list(f.values) for name, f in self.fields.items() if f.values}

    def editable(self) -> list[str]:
        return [name for name, f in self.fields.items() if f.editable]

    def hidden(self) -> list[str]:
        return [
            name
            for name, f in self.fields.items()
            if f.kind == "hidden" and name != "csrfmiddlewaretoken"
        ]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._option: dict | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._submitted = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = HtmlForm(
                method=(attrs.get("method") or "get").lower(), action=attrs.get("action")
            )
            self._submitted = False
            self.forms.append(self._form)
            return
        form = self._form
        name = attrs.get("name")
        if form is None or "disabled" in attrs:
            return
        if tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "selected": "selected" in attrs,
                "text": [],
            }
        if not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                form.add(name, kind, attrs.get("value", "on") if "checked" in attrs else None)
            elif kind in ("submit", "image"):
                # As if the first named button were pressed (the admin's "Save").
                if not self._submitted:
                    form.add(name, "submit", attrs.get("value", ""))
                    self._submitted = True
            elif kind not in ("file", "reset", "button"):
                form.add(name, kind, attrs.get("value", ""))
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            if not self._submitted:
                form.add(name, "submit", attrs.get("value", ""))
                self._submitted = True
        elif tag == "select":
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "textarea":
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def _close_option(self):
        if self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else "".join(option["text"])
            self._select[2].append(value.strip() if option["value"] is None else value)
            if option["selected"]:
                self._select[3].append(self._select[2][-1])
        self._option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None and self._form is not None:
            self._close_option()
            name, multiple, options, selected = self._select
            if not multiple and not selected and options:
                selected = options[:1]
            self._form.fields.setdefault(name, Field(name, "select"))
            self._form.fields[name].values.extend(selected)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            # A browser drops the newline that follows <textarea>.
            self._form.add(name, "textarea", "".join(parts).removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_on(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


# Hostile values --------------------------------------------------------------------------

SCRIPT = "<script>alert('cswg')</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
# Markup that must never come back unescaped in a page.
RAW_MARKUP = (SCRIPT, IMAGE)
HUGE = 100_000

NASTY = [
    "",
    " ",
    "\x00",
    "Osh\x00",
    SCRIPT,
    IMAGE,
    "'; DROP TABLE communities_person; --",
    "\" OR '1'='1",
    "Robert'); DELETE FROM cycles_concern WHERE ('1'='1",
    "{{ 7*7 }}{% debug %}",
    "%s%s%s%n",
    "\u202eRTL override\u202c",
    "مجموعة العمل الأمنية",
    "קבוצת עבודה",
    "Ош шаары",
    "👩‍👩‍👧‍👦🔥🏳️‍🌈",
    "\u200b\u200c\u200d\ufeff",
    "\r\n\r\n",
    "-1",
    "0",
    "-0",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    str(2**63),
    str(-(2**63) - 1),
    str(10**40),
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "1.5",
    "99999999999999999999.99",
    "1E+9999",
    "0x10",
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2025",
    "2025-02-29T25:61",
    "null",
    "true",
    "[1, 2]",
    '{"a": 1}',
    "../../etc/passwd",
]

# Posted to one field at a time: a page showing several again would only be slow.
HUGE_VALUES = ["x" * HUGE, "🔥" * HUGE, "a\x00" * (HUGE // 2), "9" * HUGE]

_scalar = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
)
# A list stands for a scalar field posted several times over.
hostile_value = st.one_of(_scalar, st.lists(_scalar, min_size=2, max_size=3))


class Keep:
    """Send the field back as the page gave it."""

    def __repr__(self):
        return "KEEP"


class Drop:
    """Leave the field out of the request."""

    def __repr__(self):
        return "DROP"


KEEP, DROP = Keep(), Drop()


def _with_huge(pair: tuple[dict, tuple[str, str] | None]) -> dict:
    changes, huge = pair
    if huge is not None:
        changes = {**changes, huge[0]: huge[1]}
    return changes


def hostile_changes(names: list[str]) -> st.SearchStrategy[dict]:
    """For each field: keep it, drop it or give it a hostile value (shrinks towards keep);
    and perhaps a huge value for one of them."""
    each = st.fixed_dictionaries(
        {name: st.one_of(st.just(KEEP), st.just(DROP), hostile_value) for name in names}
    )
    huge = st.one_of(st.none(), st.tuples(st.sampled_from(names), st.sampled_from(HUGE_VALUES)))
    return st.tuples(each, huge).map(_with_huge)


def apply(base: dict[str, list[str]], changes: dict) -> dict[str, list[str] | str]:
    data: dict[str, list[str] | str] = dict(base)
    for name, change in changes.items():
        if change is KEEP:
            continue
        if change is DROP:
            data.pop(name, None)
        else:
            data[name] = change
    return data
