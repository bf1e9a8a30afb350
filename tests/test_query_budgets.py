"""Every page the benchmark times keeps to 25 queries, and to the same number at two sizes;
the donor's report and its export also when their figures are computed afresh.

The dataset is generated at two sizes (`cycles.scale`); a page whose query count grows
with the data has an N+1 somewhere. Each page is requested once to warm the caches a
running server keeps (content types, the report cache), then counted.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import User
from cycles.scale.generate import generate
from cycles.scale.pages import pages

MAX_QUERIES = 25
SMALL, LARGER = 3, 12


def count_queries(client, page) -> tuple[int, int]:
    """(status, queries) of one request of the page."""
    request = client.post if page.method == "POST" else client.get
    with CaptureQueriesContext(connection) as queries:
        response = request(page.path, page.data)
    return response.status_code, len(queries)


def counts_at(client, size: int) -> dict[str, tuple[int, int]]:
    """Generate the dataset, count every page's queries, and undo it all."""
    counts = {}
    with transaction.atomic():
        generate(size)
        ContentType.objects.clear_cache()
        cache.clear()
        for page in pages(timezone.localdate()):
            client.force_login(User.objects.get(username=page.username))
            count_queries(client, page)
            counts[page.name] = count_queries(client, page)
            if page.kind == "report":
                # A donor's report is cached: the request that computes it counts too.
                cache.clear()
                counts[f"{page.name}, computed afresh"] = count_queries(client, page)
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_no_page_grows_its_queries_with_the_data(client):
    small = counts_at(client, SMALL)
    larger = counts_at(client, LARGER)

    assert len(small) == 18
    for name, (status, queries) in larger.items():
        expected = 302 if name == "Consultation form, saved" else 200
        assert status == expected, name
        assert small[name][0] == expected, name
        assert queries <= MAX_QUERIES, f"{name}: {queries} queries"
    assert {name: queries for name, (_status, queries) in larger.items()} == {
        name: queries for name, (_status, queries) in small.items()
    }
