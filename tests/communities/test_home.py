import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_it_sends_a_donor_to_the_reports(client, donor_a):
    client.force_login(donor_a)

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:portfolio")


def test_a_donor_without_programmes_is_told_what_to_do(client, donor_org):
    client.force_login(UserFactory(organisation=donor_org, role="donor"))

    html = client.get(HOME, follow=True).content.decode()

    assert "You are not linked to any programme yet." in html


def test_field_workers_stay_on_their_work(client, facilitator_a):
    client.force_login(facilitator_a)

    response = client.get(HOME)

    assert response.status_code == 200
    assert response.templates[0].name == "communities/my_work.html"
