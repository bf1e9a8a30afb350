"""Importing past consultations with their attendance in the back office: all rows or none."""

import datetime

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from communities.models import AgeBand, Ethnicity, Gender, Membership, Person
from cycles.models import Attendance, Consultation, EthnicAttendance
from tests.cycles.factories import CycleFactory
from tests.factories import CommunityFactory, GroupFactory
from tests.imports import XLSX, confirm, csv_file, preview_errors, upload, xlsx_file

pytestmark = pytest.mark.django_db

URL = reverse("admin:cycles_consultation_import")
HEADER = ["group", "community", "cycle", "kind", "date", "place", "police_attended",
          "women_18-28", "women_29-45", "men_60+", "ethnic_tajik", "ethnic_kyrgyz"]  # fmt: skip


def rows(*lines: list) -> list[list]:
    return [HEADER, *lines]


WOMEN = ["Somonion CSWG", "", "1", "Women's consultation", "2014-04-10", "School hall", "yes",
         "12", "7", "", "15", "4"]  # fmt: skip
ROUND_TABLE = ["somonion cswg", "Somonion", "", "round_table", "2014-05-02", "", "no",
               "3", "", "9", "", ""]  # fmt: skip
YOUTH = ["Somonion CSWG", "", "", "youth_consultation", "2014-06-01", "", "", "20", "", "",
         "", ""]  # fmt: skip


@pytest.fixture
def somonion(org_a):
    return GroupFactory(
        name="Somonion CSWG", partner=org_a, communities=[CommunityFactory(name="Somonion")]
    )


@pytest.fixture
def cycle_1(somonion):
    return CycleFactory(group=somonion, number=1)


@pytest.fixture
def signed_in(client, partner_a, somonion):
    client.force_login(partner_a)
    return client


def attendance_of(consultation) -> tuple[dict, dict]:
    return (
        {(a.gender, a.age_band): a.count for a in consultation.attendance.all()},
        {e.ethnicity: e.count for e in consultation.ethnic_attendance.all()},
    )


def test_a_valid_csv_imports_consultations_with_their_attendance(
    signed_in, partner_a, somonion, cycle_1
):
    preview = upload(signed_in, URL, csv_file(rows(WOMEN, ROUND_TABLE, YOUTH)))
    assert preview_errors(preview) == {}
    assert Consultation.objects.count() == Attendance.objects.count() == 0

    response = confirm(signed_in, preview)

    assert response["Location"] == reverse("admin:cycles_consultation_changelist")
    women = Consultation.objects.get(kind=Consultation.Kind.WOMEN)
    assert (women.group, women.cycle, women.held_on, women.place, women.police_attended) == (
        somonion,
        cycle_1,
        datetime.date(2014, 4, 10),
        "School hall",
        True,
    )
    assert attendance_of(women) == (
        {(Gender.FEMALE, AgeBand.YOUTH_18_28): 12, (Gender.FEMALE, AgeBand.ADULT_29_45): 7},
        {Ethnicity.TAJIK: 15, Ethnicity.KYRGYZ: 4},
    )
    round_table = Consultation.objects.get(kind=Consultation.Kind.ROUND_TABLE)
    assert (round_table.cycle, round_table.police_attended, round_table.facilitator) == (
        None,
        False,
        None,
    )
    assert attendance_of(round_table) == (
        {(Gender.FEMALE, AgeBand.YOUTH_18_28): 3, (Gender.MALE, AgeBand.ELDER): 9},
        {},
    )
    youth = Consultation.objects.with_attendance().get(kind=Consultation.Kind.YOUTH)
    assert (youth.people, youth.women, youth.youth) == (20, 20, 20)
    # Every row written is in the audit trail under the importing user.
    for model in (Consultation, Attendance, EthnicAttendance):
        assert {(h.history_user, h.history_change_reason) for h in model.history.all()} == {
            (partner_a, "Imported from import.csv")
        }
        assert model.history.count() == model.objects.count()
    assert LogEntry.objects.filter(user=partner_a).count() == 3


def test_a_valid_xlsx_imports_the_same(signed_in, somonion):
    sheet = rows(
        ["Somonion CSWG", "", None, "round_table", datetime.date(2014, 5, 2), "Mosque yard",
         "Yes", 3, None, 9, 12, None],
    )  # fmt: skip

    confirm(signed_in, upload(signed_in, URL, xlsx_file(sheet), XLSX))

    consultation = Consultation.objects.get()
    assert (consultation.held_on, consultation.place, consultation.police_attended) == (
        datetime.date(2014, 5, 2),
        "Mosque yard",
        True,
    )
    assert attendance_of(consultation) == (
        {(Gender.FEMALE, AgeBand.YOUTH_18_28): 3, (Gender.MALE, AgeBand.ELDER): 9},
        {Ethnicity.TAJIK: 12},
    )


def bad(column: str, value: str) -> list:
    line = list(ROUND_TABLE)
    line[HEADER.index(column)] = value
    return line


BAD_ROWS = {
    "negative count": (bad("women_18-28", "-3"), "women_18-28: Give a number from 0 to 10000."),
    "not a number": (bad("men_60+", "nine"), "men_60+: “nine” is not a whole number."),
    "fraction": (bad("ethnic_tajik", "2.5"), "ethnic_tajik: “2.5” is not a whole number."),
    "unknown group": (bad("group", "Nowhere"), "group: No group “Nowhere” found among yours."),
    "group of another organisation": (
        bad("group", "Vorukh CSWG"),
        "group: No group “Vorukh CSWG” found among yours.",
    ),
    "bad date": (bad("date", "10/04/2014"), "date: “10/04/2014” is not a date"),
    "future date": (bad("date", "2099-01-01"), "date: Only past consultations can be imported."),
    "unknown kind": (bad("kind", "picnic"), "kind: “picnic” is not one of"),
    "cycle of no such number": (bad("cycle", "7"), "cycle: This group has no cycle number 7."),
    "huge place": (bad("place", "x" * 3000), "place: Ensure this value has at most 200"),
    "bad yes/no": (bad("police_attended", "maybe"), "police_attended: Write yes or no."),
}


@pytest.mark.parametrize("line, message", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_one_bad_row_is_shown_with_its_error_and_nothing_is_imported(
    signed_in, org_b, line, message
):
    GroupFactory(name="Vorukh CSWG", partner=org_b)

    preview = upload(signed_in, URL, csv_file(rows(YOUTH, line, YOUTH)))

    errors = preview_errors(preview)
    assert list(errors) == [3]
    assert any(error.startswith(message) for error in errors[3]), errors
    assert "Confirm import" not in preview.text
    assert Consultation.objects.count() == Attendance.objects.count() == 0


def test_partner_b_cannot_import_into_as_groups(client, partner_b, somonion):
    client.force_login(partner_b)

    preview = upload(client, URL, csv_file(rows(YOUTH)))

    assert preview_errors(preview) == {2: ["group: No group “Somonion CSWG” found among yours."]}
    assert "Confirm import" not in preview.text
    assert Consultation.objects.count() == 0


def test_a_failure_in_the_middle_of_the_import_leaves_no_row(signed_in, cycle_1, monkeypatch):
    preview = upload(signed_in, URL, csv_file(rows(WOMEN, ROUND_TABLE, YOUTH)))
    preview_lines = len(preview.context["preview_rows"])
    saved = []
    real_save = Consultation.save

    def fail_on_the_third(self, *args, **kwargs):
        saved.append(self.kind)
        if len(saved) == 3:
            raise RuntimeError("connection lost")
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Consultation, "save", fail_on_the_third)

    response = confirm(signed_in, preview)

    assert preview_lines == len(saved) == 3
    assert response["Location"] == URL
    assert Consultation.objects.count() == Attendance.objects.count() == 0
    assert EthnicAttendance.objects.count() == Consultation.history.count() == 0
    assert "Nothing was imported" in signed_in.get(URL).text


def test_a_failure_while_saving_attendance_leaves_no_consultation(signed_in, cycle_1, monkeypatch):
    preview = upload(signed_in, URL, csv_file(rows(WOMEN, ROUND_TABLE)))
    real_create = Attendance.objects.bulk_create
    calls = []

    def fail_on_the_second(objs, *args, **kwargs):
        calls.append(objs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(objs, *args, **kwargs)

    monkeypatch.setattr(Attendance.objects, "bulk_create", fail_on_the_second)

    confirm(signed_in, preview)

    assert len(calls) == 2
    assert Consultation.objects.count() == Attendance.objects.count() == 0


def test_a_facilitator_of_ones_own_organisation_may_be_named(
    signed_in, facilitator_a, facilitator_b
):
    header = [*HEADER, "facilitator"]
    lines = [header, [*YOUTH, "facilitator_a"], [*YOUTH, "facilitator_b"]]

    errors = preview_errors(upload(signed_in, URL, csv_file(lines)))

    assert errors == {3: ["facilitator: No user “facilitator_b” found among yours."]}

    confirm(signed_in, upload(signed_in, URL, csv_file(lines[:2])))
    assert Consultation.objects.get().facilitator == facilitator_a


def test_import_needs_the_import_permission(client, partner_a, somonion):
    client.force_login(partner_a)
    assert client.get(URL).status_code == 200
    assert (
        "href='/admin/cycles/consultation/import/'"
        in client.get(reverse("admin:cycles_consultation_changelist")).text
    )

    partner_a.groups.clear()

    assert client.get(URL).status_code == 403


def test_the_date_today_is_a_past_consultation(signed_in):
    line = list(YOUTH)
    line[HEADER.index("date")] = timezone.localdate().isoformat()

    assert preview_errors(upload(signed_in, URL, csv_file(rows(line)))) == {}


def test_the_sample_files_of_the_documentation_import_in_turn(client, partner_a, org_a):
    group = GroupFactory(
        name="Bazar-Korgon CSWG", partner=org_a, communities=[CommunityFactory(name="Bazar-Korgon")]
    )
    CycleFactory(group=group, number=1)
    client.force_login(partner_a)
    samples = settings.BASE_DIR / "docs" / "imports"
    for name, url in [
        ("people", reverse("admin:communities_person_import")),
        ("memberships", reverse("admin:communities_membership_import")),
        ("consultations", URL),
    ]:
        upload_file = SimpleUploadedFile(f"{name}.csv", (samples / f"{name}.csv").read_bytes())
        preview = upload(client, url, upload_file)
        assert preview_errors(preview) == {}, name
        confirm(client, preview)

    assert (Person.objects.count(), Membership.objects.count()) == (4, 4)
    assert Membership.objects.get(role=Membership.Role.CHAIR).person.full_name == (
        "Aigul Toktosunova"
    )
    consulted = Consultation.objects.with_attendance().order_by("held_on")
    assert [(c.kind, c.people, c.women) for c in consulted] == [
        (Consultation.Kind.WOMEN, 28, 28),
        (Consultation.Kind.YOUTH, 44, 20),
        (Consultation.Kind.ROUND_TABLE, 28, 8),
    ]
