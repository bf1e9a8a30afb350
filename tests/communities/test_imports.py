"""Importing people and memberships from CSV or XLSX in the back office: all rows or none."""

import datetime
import os

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communities.models import AgeBand, Ethnicity, Gender, Membership, Person
from cswg_portal import imports
from tests.factories import (
    CommunityFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.imports import CSV, XLSX, confirm, csv_file, preview_errors, upload, xlsx_file

pytestmark = pytest.mark.django_db

PEOPLE_URL = reverse("admin:communities_person_import")
MEMBERSHIPS_URL = reverse("admin:communities_membership_import")
PEOPLE_HEADER = ["full_name", "gender", "age_band", "ethnicity", "phone", "consent_date",
                 "consent_basis"]  # fmt: skip


def people_rows(*rows: list) -> list[list]:
    return [PEOPLE_HEADER, *rows]


AIGUL = ["Aigul Toktosunova", "Woman", "18-28", "kyrgyz", "+996 555 100200", "2014-03-01",
         "written"]  # fmt: skip
BAKYT = ["Bakyt Usupov", "male", "29-45", "Uzbek", "", "2014-03-02", "verbal"]
DILNOZA = ["Dilnoza Rakhimova", "female", "14-17", "", "", "02.04.2014", "guardian"]


@pytest.fixture
def signed_in(client, partner_a):
    client.force_login(partner_a)
    return client


def uploaded_files() -> set[str]:
    return set(os.listdir(imports.ImportFolderStorage.folder()))


# People ---------------------------------------------------------------------------------


def test_a_valid_csv_imports_every_person_with_the_importers_organisation(
    signed_in, partner_a, org_a
):
    before = uploaded_files()
    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL, BAKYT, DILNOZA)))

    assert preview.status_code == 200
    assert preview_errors(preview) == {}
    assert [row["values"][0] for row in preview.context["preview_rows"]] == [
        "Aigul Toktosunova",
        "Bakyt Usupov",
        "Dilnoza Rakhimova",
    ]
    assert "All 3 rows below are valid" in preview.text
    assert Person.objects.count() == 0  # the preview saves nothing

    response = confirm(signed_in, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:communities_person_changelist")
    assert "3 rows imported." in signed_in.get(response["Location"]).text
    people = {person.full_name: person for person in Person.objects.all()}
    assert sorted(people) == ["Aigul Toktosunova", "Bakyt Usupov", "Dilnoza Rakhimova"]
    aigul = people["Aigul Toktosunova"]
    assert (aigul.gender, aigul.age_band, aigul.ethnicity, aigul.phone) == (
        Gender.FEMALE,
        AgeBand.YOUTH_18_28,
        Ethnicity.KYRGYZ,
        "+996 555 100200",
    )
    assert (aigul.consent_date, aigul.consent_basis) == (datetime.date(2014, 3, 1), "written")
    assert people["Bakyt Usupov"].ethnicity == Ethnicity.UZBEK
    assert people["Dilnoza Rakhimova"].ethnicity == Ethnicity.NOT_STATED
    assert people["Dilnoza Rakhimova"].consent_date == datetime.date(2014, 4, 2)
    assert {(p.organisation, p.consent_recorded_by) for p in people.values()} == {
        (org_a, partner_a)
    }
    # The audit trail: one creation record a person, by the importing user.
    history = Person.history.all()
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in history] == [
        ("+", partner_a, "Imported from import.csv")
    ] * 3
    assert LogEntry.objects.filter(user=partner_a).count() == 3
    # The uploaded file does not outlive the import.
    assert uploaded_files() == before


def test_a_valid_xlsx_imports_dates_and_numbers_typed_as_such(signed_in, org_a):
    rows = [
        ["full_name", "gender", "birth_year", "phone", "consent_date", "consent_basis"],
        ["Aigul Toktosunova", "female", 1995, 996555100200, datetime.date(2014, 3, 1), "written"],
        ["Bakyt Usupov", "male", 1970, None, datetime.datetime(2014, 3, 2), "verbal"],
    ]
    preview = upload(signed_in, PEOPLE_URL, xlsx_file(rows), XLSX)
    assert preview_errors(preview) == {}

    confirm(signed_in, preview)

    aigul = Person.objects.get(full_name="Aigul Toktosunova")
    assert (aigul.birth_year, aigul.phone, aigul.consent_date) == (
        1995,
        "996555100200",
        datetime.date(2014, 3, 1),
    )
    assert aigul.age_band == AgeBand.for_age(datetime.date.today().year - 1995)
    assert Person.objects.get(full_name="Bakyt Usupov").consent_date == datetime.date(2014, 3, 2)


BAD_PEOPLE = {
    "missing consent date": (5, "", "consent_date: This column cannot be empty."),
    "bad date": (5, "2014-13-45", "consent_date: “2014-13-45” is not a date"),
    "consent in the future": (5, "2099-01-01", "Consent cannot be dated in the future."),
    "unknown gender": (1, "other", "gender: “other” is not one of: female, male."),
    "huge name": (0, "A" * 5000, "full_name: Ensure this value has at most 200 characters"),
    "no age band nor birth year": (2, "", "Give an age band or a birth year."),
}


@pytest.mark.parametrize("column, value, message", BAD_PEOPLE.values(), ids=BAD_PEOPLE.keys())
def test_one_bad_row_is_shown_with_its_error_and_nothing_is_imported(
    signed_in, column, value, message
):
    PersonFactory()
    bad = list(BAKYT)
    bad[column] = value

    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL, bad, DILNOZA)))

    assert preview.status_code == 200
    errors = preview_errors(preview)
    assert list(errors) == [3]
    assert any(message in error for error in errors[3]), errors
    assert "confirm_form" not in preview.context
    assert "Confirm import" not in preview.text
    assert "One row has errors" in preview.text
    # The good rows are listed too, marked valid.
    assert len(preview.context["preview_rows"]) == 3
    assert Person.objects.count() == 1


def test_choices_are_read_from_english_or_the_users_language(signed_in):
    signed_in.cookies["django_language"] = "ru"
    russian = list(BAKYT)
    russian[1] = "Мужчина"

    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL, russian)))

    assert preview_errors(preview) == {}
    confirm(signed_in, preview)
    assert sorted(Person.objects.values_list("gender", flat=True)) == [Gender.FEMALE, Gender.MALE]


def test_an_organisation_other_than_ones_own_is_not_found(signed_in, org_b):
    rows = [[*PEOPLE_HEADER, "organisation"], [*AIGUL, "ASTI"], [*BAKYT, "No such NGO"]]

    errors = preview_errors(upload(signed_in, PEOPLE_URL, csv_file(rows)))

    assert errors == {
        2: ["organisation: No organisation “ASTI” found among yours."],
        3: ["organisation: No organisation “No such NGO” found among yours."],
    }


def test_a_superuser_names_the_organisation_that_holds_the_data(client, superuser, org_b):
    client.force_login(superuser)
    rows = [[*PEOPLE_HEADER, "organisation"], [*AIGUL, "ASTI"], [*BAKYT, ""]]

    errors = preview_errors(upload(client, PEOPLE_URL, csv_file(rows)))
    assert errors == {3: ["organisation: Give the organisation that holds the data."]}

    rows[2][-1] = "Agency for Social Technologies"
    confirm(client, upload(client, PEOPLE_URL, csv_file(rows)))
    assert {(p.organisation, p.consent_recorded_by) for p in Person.objects.all()} == {
        (org_b, superuser)
    }


def test_a_person_recorded_already_is_not_recorded_twice(signed_in, org_a):
    PersonFactory(full_name="Aigul Toktosunova", phone="+996 555 100200", organisation=org_a)

    errors = preview_errors(upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL, AIGUL))))

    assert errors == {
        2: ["Aigul Toktosunova with this phone is already recorded."],
        3: ["Aigul Toktosunova with this phone is already recorded."],
    }


def test_a_failure_in_the_middle_of_the_import_leaves_no_row(signed_in, monkeypatch):
    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL, BAKYT, DILNOZA)))
    saved = []
    real_save = Person.save

    def fail_on_the_third(self, *args, **kwargs):
        saved.append(self.full_name)
        if len(saved) == 3:
            raise RuntimeError("disk full")
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Person, "save", fail_on_the_third)

    response = confirm(signed_in, preview)

    assert saved == ["Aigul Toktosunova", "Bakyt Usupov", "Dilnoza Rakhimova"]
    assert response.status_code == 302
    assert response["Location"] == PEOPLE_URL
    assert Person.objects.count() == Person.history.count() == 0
    assert LogEntry.objects.count() == 0
    message = signed_in.get(PEOPLE_URL).text
    assert "Nothing was imported" in message


GARBAGE = {
    "binary as csv": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", CSV),
    "binary as xlsx": (b"\x00\x01\x02 not a workbook", XLSX),
    "csv as xlsx": (b"full_name,gender\nA,female\n", XLSX),
    "header only": (b"full_name,gender,consent_date,consent_basis\n", CSV),
}


@pytest.mark.parametrize("content, file_format", GARBAGE.values(), ids=GARBAGE.keys())
def test_a_garbage_file_gets_a_message_not_a_crash(signed_in, content, file_format):
    before = uploaded_files()
    response = upload(signed_in, PEOPLE_URL, SimpleUploadedFile("x.bin", content), file_format)

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert "Confirm import" not in response.text
    assert Person.objects.count() == 0
    assert uploaded_files() == before


def test_an_empty_file_is_refused(signed_in):
    response = upload(signed_in, PEOPLE_URL, SimpleUploadedFile("empty.csv", b""))

    assert response.context["form"].errors["import_file"] == ["The submitted file is empty."]


def test_rows_that_look_empty_at_the_end_are_not_rows(signed_in):
    csv_rows = people_rows(AIGUL, BAKYT, [""] * 7, [""] * 7)
    xlsx_rows = people_rows(AIGUL, [None] * 7, BAKYT, [None] * 7)

    from_csv = upload(signed_in, PEOPLE_URL, csv_file(csv_rows))
    from_xlsx = upload(signed_in, PEOPLE_URL, xlsx_file(xlsx_rows), XLSX)

    assert [row["line"] for row in from_csv.context["preview_rows"]] == [2, 3]
    assert preview_errors(from_csv) == {}
    # A blank row between rows keeps its line number, and says what is missing.
    assert [row["line"] for row in from_xlsx.context["preview_rows"]] == [2, 3, 4]
    assert "full_name: This field cannot be blank." in preview_errors(from_xlsx)[3]


def test_a_file_of_blank_rows_has_nothing_to_import(signed_in):
    response = upload(signed_in, PEOPLE_URL, csv_file(people_rows([""] * 7)))

    assert response.context["preview_base_errors"] == ["The file has no rows to import."]
    assert "Confirm import" not in response.text


def test_wrong_columns_are_named(signed_in):
    rows = [["name", "gender", "consent_date"], ["Aigul", "female", "2014-03-01"]]

    response = upload(signed_in, PEOPLE_URL, csv_file(rows))

    assert response.context["preview_base_errors"] == [
        "Missing columns: full_name, consent_basis.",
        "Unknown columns: name.",
    ]
    assert "This file cannot be imported" in response.text
    assert "Traceback" not in response.text
    assert "Confirm import" not in response.text


def test_a_file_of_too_many_rows_is_refused_before_its_rows_are_read(signed_in, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)

    response = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL, BAKYT, DILNOZA)))

    assert response.context["preview_base_errors"] == [
        "The file has 3 rows; import at most 2 at a time."
    ]
    assert response.context["preview_rows"] == []
    assert "Confirm import" not in response.text


def test_a_file_too_large_is_refused_unread(signed_in, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)

    big = csv_file(people_rows(AIGUL, BAKYT, DILNOZA))

    response = upload(signed_in, PEOPLE_URL, big)

    assert response.context["form"].errors["import_file"] == [
        f"The file is too large ({big.size}\xa0bytes); import at most 100\xa0bytes at a time."
    ]


def test_a_confirmation_of_a_file_gone_says_so(signed_in):
    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL)))
    confirm(signed_in, preview)

    again = confirm(signed_in, preview)

    assert (again.status_code, again["Location"]) == (302, PEOPLE_URL)
    assert Person.objects.count() == 1
    assert "The uploaded file has expired" in signed_in.get(PEOPLE_URL).text


def test_only_the_uploader_can_confirm_a_file(signed_in, org_a, partner_b):
    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL)))
    other = Client()
    other.force_login(partner_b)

    response = confirm(other, preview)

    assert (response.status_code, response["Location"]) == (302, PEOPLE_URL)
    assert Person.objects.count() == 0
    # The uploader still can.
    confirm(signed_in, preview)
    assert (
        Person.objects.get().organisation
        == signed_in.get(PEOPLE_URL).wsgi_request.user.organisation
    )


def test_a_tampered_confirmation_gets_a_message_not_a_crash(signed_in):
    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL)))
    data = dict(preview.context["confirm_form"].initial, format="9")

    response = signed_in.post(reverse("admin:communities_person_process_import"), data)

    assert (response.status_code, response["Location"]) == (302, PEOPLE_URL)
    assert Person.objects.count() == 0
    assert signed_in.get(reverse("admin:communities_person_process_import")).status_code == 405


def test_the_people_list_offers_import_and_no_export(signed_in):
    page = signed_in.get(reverse("admin:communities_person_changelist")).text

    assert PEOPLE_URL in page
    assert "/export/" not in page


# Memberships ----------------------------------------------------------------------------


@pytest.fixture
def bazar_korgon(org_a):
    return GroupFactory(
        name="Bazar-Korgon CSWG",
        partner=org_a,
        communities=[CommunityFactory(name="Bazar-Korgon")],
    )


MEMBERSHIP_HEADER = ["person_id", "person", "phone", "group", "community", "sector", "role",
                     "start", "end"]  # fmt: skip


def test_memberships_find_people_and_groups_by_name_or_id(signed_in, org_a, bazar_korgon):
    aigul = PersonFactory(full_name="Aigul Toktosunova", phone="+996 1", organisation=org_a)
    PersonFactory(full_name="Aigul Toktosunova", phone="+996 2", organisation=org_a)
    bakyt = PersonFactory(full_name="Bakyt Usupov", organisation=org_a)
    rows = [
        MEMBERSHIP_HEADER,
        ["", "aigul toktosunova", "+996 1", "Bazar-Korgon CSWG", "", "Women's council",
         "chair", "2014-01-10", ""],
        [bakyt.pk, "", "", "bazar-korgon cswg", "Bazar-Korgon", "neighbourhood_inspector", "",
         "2014-02-01", "2015-06-30"],
    ]  # fmt: skip

    preview = upload(signed_in, MEMBERSHIPS_URL, csv_file(rows))
    assert preview_errors(preview) == {}
    confirm(signed_in, preview)

    chair = Membership.objects.get(person=aigul)
    assert (chair.group, chair.sector, chair.role, chair.start, chair.end) == (
        bazar_korgon,
        Membership.Sector.WOMENS_COUNCIL,
        Membership.Role.CHAIR,
        datetime.date(2014, 1, 10),
        None,
    )
    inspector = Membership.objects.get(person=bakyt)
    assert (inspector.role, inspector.sector, inspector.end) == (
        Membership.Role.MEMBER,
        Membership.Sector.NEIGHBOURHOOD_INSPECTOR,
        datetime.date(2015, 6, 30),
    )


def test_another_organisations_group_is_not_found_like_a_group_that_does_not_exist(
    client, partner_b, org_a, org_b, bazar_korgon
):
    client.force_login(partner_b)
    PersonFactory(full_name="Gulnara Saidova", organisation=org_b)
    rows = [
        MEMBERSHIP_HEADER,
        ["", "Gulnara Saidova", "", "Bazar-Korgon CSWG", "", "community", "", "2014-01-10", ""],
        ["", "Gulnara Saidova", "", "Nowhere CSWG", "", "community", "", "2014-01-10", ""],
    ]

    preview = upload(client, MEMBERSHIPS_URL, csv_file(rows))

    assert preview_errors(preview) == {
        2: ["group: No group “Bazar-Korgon CSWG” found among yours."],
        3: ["group: No group “Nowhere CSWG” found among yours."],
    }
    assert Membership.objects.count() == 0


def test_another_organisations_person_is_not_found(signed_in, org_b, bazar_korgon):
    stranger = PersonFactory(full_name="Gulnara Saidova", organisation=org_b)
    rows = [
        MEMBERSHIP_HEADER,
        ["", "Gulnara Saidova", "", "Bazar-Korgon CSWG", "", "community", "", "2014-01-10", ""],
        [stranger.pk, "", "", "Bazar-Korgon CSWG", "", "community", "", "2014-01-10", ""],
    ]

    assert preview_errors(upload(signed_in, MEMBERSHIPS_URL, csv_file(rows))) == {
        2: ["person: No person “Gulnara Saidova” found among yours."],
        3: [f"person_id: No person “{stranger.pk}” found among yours."],
    }


def test_unclear_or_inconsistent_memberships_are_explained(signed_in, org_a, bazar_korgon):
    GroupFactory(
        name="Bazar-Korgon CSWG", partner=org_a, communities=[CommunityFactory(name="Suzak")]
    )
    PersonFactory(full_name="Aigul Toktosunova", phone="+996 1", organisation=org_a)
    PersonFactory(full_name="Aigul Toktosunova", phone="+996 2", organisation=org_a)
    bakyt = PersonFactory(full_name="Bakyt Usupov", organisation=org_a)
    MembershipFactory(person=bakyt, group=bazar_korgon, start=datetime.date(2013, 1, 1))
    rows = [
        MEMBERSHIP_HEADER,
        ["", "Aigul Toktosunova", "", "Bazar-Korgon CSWG", "Bazar-Korgon", "community", "",
         "2014-01-10", ""],
        ["", "Bakyt Usupov", "", "Bazar-Korgon CSWG", "", "community", "", "2014-01-10", ""],
        ["", "Bakyt Usupov", "", "Bazar-Korgon CSWG", "Bazar-Korgon", "police", "",
         "2014-01-10", "2013-01-01"],
        ["", "", "", "Bazar-Korgon CSWG", "Bazar-Korgon", "community", "", "2014-01-10", ""],
    ]  # fmt: skip

    errors = preview_errors(upload(signed_in, MEMBERSHIPS_URL, csv_file(rows)))

    assert errors[2] == [
        "person: Several people are called Aigul Toktosunova: add the phone or the person_id."
    ]
    assert errors[3] == ["group: Several groups are called Bazar-Korgon CSWG: add the community."]
    assert "sector: “police” is not one of" in errors[4][0]
    assert "end: The end cannot be before the start." in errors[4]
    assert errors[5] == ["person: Give the person's name or person_id."]
    assert Membership.objects.count() == 1


def test_the_same_open_membership_twice_in_a_file_is_refused(signed_in, org_a, bazar_korgon):
    PersonFactory(full_name="Bakyt Usupov", organisation=org_a)
    row = ["", "Bakyt Usupov", "", "Bazar-Korgon CSWG", "", "community", "", "2014-01-10", ""]

    errors = preview_errors(
        upload(signed_in, MEMBERSHIPS_URL, csv_file([MEMBERSHIP_HEADER, row, row]))
    )

    assert errors == {3: ["This person already has an open membership in this group."]}
    assert Membership.objects.count() == 0


@pytest.mark.parametrize("url", [PEOPLE_URL, MEMBERSHIPS_URL])
def test_only_staff_with_the_right_to_add_may_import(client, facilitator_a, partner_a, url):
    client.force_login(facilitator_a)
    assert client.get(url).status_code == 302  # to the back-office sign-in

    partner_a.groups.clear()
    client.force_login(partner_a)
    assert client.get(url).status_code == 403
    assert client.post(url.replace("/import/", "/process_import/")).status_code == 403


def test_uploads_wait_in_the_folder_of_the_setting(signed_in, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "shared"

    preview = upload(signed_in, PEOPLE_URL, csv_file(people_rows(AIGUL)))

    assert preview.status_code == 200
    waiting = list((tmp_path / "shared").iterdir())
    assert len(waiting) == 1 and oct(waiting[0].parent.stat().st_mode & 0o777) == "0o700"
    confirm(signed_in, preview)
    assert list((tmp_path / "shared").iterdir()) == []
    assert Person.objects.count() == 1
