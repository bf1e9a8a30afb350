"""Keys that are no keys: what tests/hostile found in the back office's choices of rows.

An autocomplete field shown again with its error looked the posted values up, and a word
there was a server error; an `in` lookup sent SQLite ints it cannot hold.
"""

import pytest
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.urls import reverse

from communities.models import Community, District, Region
from cswg_portal.admin import MAX_INLINE_ROWS
from tests.factories import CommunityFactory, DistrictFactory, RegionFactory

NOT_KEYS = ["Osh", "2025-02-30", "1.5", "\x00", str(2**70), str(-(2**63) - 1)]


@pytest.mark.parametrize("value", NOT_KEYS)
def test_a_word_for_a_region_is_refused_next_to_the_field(client, superuser, value):
    region = RegionFactory()
    client.force_login(superuser)

    response = client.post(
        reverse("admin:communities_district_add"), {"name": "Kara-Suu", "region": value}
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["region"]
    assert errors["region"][0] in (
        "Select a valid choice. That choice is not one of the available choices.",
        "Null characters are not allowed.",
    )
    # The only region offered as chosen is none: the bad value is not shown as a row.
    assert f'<option value="{region.pk}" selected' not in response.text
    assert not District.objects.filter(name="Kara-Suu").exists()


def test_a_real_region_stays_chosen_when_another_field_is_refused(client, superuser):
    region = RegionFactory(name="Batken")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:communities_district_add"), {"name": "", "region": str(region.pk)}
    )

    assert list(response.context["adminform"].form.errors) == ["name"]
    assert f'<option value="{region.pk}" selected>Batken' in response.text


@pytest.mark.parametrize("value", NOT_KEYS)
def test_words_among_facing_communities_are_refused(client, superuser, value):
    district = DistrictFactory()
    other = CommunityFactory(name="Vorukh", district=district)
    client.force_login(superuser)
    before = Community.objects.count()

    response = client.post(
        reverse("admin:communities_community_add"),
        {
            "name": "Khoja Alo",
            "district": str(district.pk),
            "kind": Community.Kind.VILLAGE,
            "status": Community.Status.ACTIVE,
            "on_border": "on",
            "facing_communities": [str(other.pk), value],
            "ethnic_shares-TOTAL_FORMS": "0",
            "ethnic_shares-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["facing_communities"]
    assert Community.objects.count() == before


@pytest.mark.parametrize("widget", [AutocompleteSelect, AutocompleteSelectMultiple])
def test_every_autocomplete_in_the_back_office_is_the_keys_only_one(client, superuser, widget):
    """A ModelAdmin that builds Django's own widget would bring the server error back."""
    from django.contrib import admin

    from cswg_portal.admin import KeysOnlyMixin

    client.force_login(superuser)
    request = client.get(reverse("admin:index")).wsgi_request
    found = []
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.get_inline_instances(request)]:
            form = owner.get_formset(request).form if owner is not model_admin else None
            form = form or model_admin.get_form(request)
            for name, field in form.base_fields.items():
                inner = getattr(field.widget, "widget", field.widget)
                if isinstance(inner, widget):
                    found.append((model.__name__, name, isinstance(inner, KeysOnlyMixin)))
    assert found, "the back office has autocomplete fields"
    assert [entry for entry in found if not entry[2]] == []


def test_an_in_lookup_leaves_out_numbers_no_integer_column_holds(db):
    community = CommunityFactory()

    assert list(Community.objects.filter(pk__in=[2**70, community.pk])) == [community]
    assert list(Community.objects.filter(pk__in=[2**70, -(2**70)])) == []
    assert Community.objects.exclude(pk__in=[2**70]).count() == 1


def test_a_huge_key_in_a_multiple_choice_is_an_invalid_choice(db):
    community = CommunityFactory()
    field = forms.ModelMultipleChoiceField(queryset=Community.objects.all())

    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(community.pk), str(2**70)])

    assert refused.value.code == "invalid_choice"
    assert list(field.clean([str(community.pk)])) == [community]


def test_a_region_queryset_still_filters_by_ordinary_keys(db):
    osh, batken = RegionFactory(name="Osh"), RegionFactory(name="Batken")

    assert set(Region.objects.filter(pk__in=[osh.pk, batken.pk, 2**64])) == {osh, batken}


def test_a_huge_count_of_inline_rows_is_refused_without_building_them(client, superuser):
    district = DistrictFactory()
    client.force_login(superuser)

    response = client.post(
        reverse("admin:communities_community_add"),
        {
            "name": "Khoja Alo",
            "district": str(district.pk),
            "kind": Community.Kind.VILLAGE,
            "status": Community.Status.ACTIVE,
            "ethnic_shares-TOTAL_FORMS": str(2**31),
            "ethnic_shares-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.non_form_errors() == [f"Please submit at most {MAX_INLINE_ROWS} forms."]
    assert len(inline.formset.forms) == MAX_INLINE_ROWS
    assert not Community.objects.filter(name="Khoja Alo").exists()


def test_every_inline_takes_at_most_the_bounded_rows(client, superuser):
    from django.contrib import admin

    client.force_login(superuser)
    request = client.get(reverse("admin:index")).wsgi_request
    unbounded = [
        type(inline).__name__
        for model_admin in admin.site._registry.values()
        for inline in model_admin.get_inline_instances(request)
        if inline.get_formset(request).absolute_max > MAX_INLINE_ROWS
    ]
    assert unbounded == []
