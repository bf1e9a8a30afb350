"""Demo cycles: the case studies' community security cycles, loaded by `manage.py load_demo`
after the communities demo (communities/demo.py), whose groups they find by name.

Facts (groups, places, dates, what each group did) follow the source reports; attendance,
scores, money, success criteria and people's wording are invented but plausible.

Everything is written through the cycles services, as people would write it through the
pages: FTI's groups by the demo facilitator (records) and partner (reviews); the groups of
ASTI and MIR, which have no demo login of their own, by the demo administrator, the only
demo user whose scope reaches them. Each group's story is one function, in a module of its
own: a group that already has a cycle is left alone, so loading again adds nothing, history
tables included.
"""

from collections import Counter
from collections.abc import Callable

from django.apps import apps
from django.core.management.base import OutputWrapper
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges

from communities.demo import (
    BAZAR_KORGON_CSWG,
    KHOJA_ALO_MAHALLA,
    KOK_TASH_CSWG,
    MADY_CSWG,
    MADY_LCPC,
    MIRMAHMUDOV_LCPC,
    ROAD_CROSSING_JOINT,
    SOMONION_CSWG,
    TASH_BULAK_LCPC,
    USERNAMES,
    VORUKH_CSWG,
    YRYS_LCPC,
    Summary,
)
from communities.models import Group, Organisation, User
from cycles.demo import reports as demo_reports
from cycles.demo.bazar_korgon import bazar_korgon
from cycles.demo.jalal_abad import tash_bulak, yrys
from cycles.demo.khoja_alo import khoja_alo
from cycles.demo.kok_tash import kok_tash
from cycles.demo.mady import mady_cswg, mady_lcpc
from cycles.demo.mirmahmudov import mirmahmudov
from cycles.demo.road_crossing import road_crossing
from cycles.demo.somonion import somonion
from cycles.demo.story import Story
from cycles.demo.vorukh import vorukh

# In the order they are loaded; each story writes one group's cycles. The joint group comes
# last: its plan takes up concerns of the groups on both sides.
STORIES: dict[str, Callable[[Story], None]] = {
    BAZAR_KORGON_CSWG: bazar_korgon,
    MIRMAHMUDOV_LCPC: mirmahmudov,
    TASH_BULAK_LCPC: tash_bulak,
    YRYS_LCPC: yrys,
    MADY_CSWG: mady_cswg,
    MADY_LCPC: mady_lcpc,
    SOMONION_CSWG: somonion,
    VORUKH_CSWG: vorukh,
    KHOJA_ALO_MAHALLA: khoja_alo,
    KOK_TASH_CSWG: kok_tash,
    ROAD_CROSSING_JOINT: road_crossing,
}


def _counted_models() -> list[type[models.Model]]:
    """The cycles app's own tables and many-to-many links (history tables are not counted)."""
    return [
        model
        for model in apps.get_app_config("cycles").get_models(include_auto_created=True)
        if not issubclass(model, HistoricalChanges)
    ]


def _row_counts() -> Counter[type[models.Model]]:
    return Counter({model: model._default_manager.count() for model in _counted_models()})


@transaction.atomic
def load(summary: Summary, stdout: OutputWrapper) -> None:
    """Write the cycles of each demo group that has none yet, and report what was added."""
    before = _row_counts()
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    since = timezone.now()
    for name, write in STORIES.items():
        group = Group.objects.get(name=name)
        if group.cycles.exists():
            continue
        if group.partner_id == users["facilitator"].organisation_id:
            recorder, reviewer = users["facilitator"], users["partner"]
        else:
            recorder = reviewer = users["admin"]
        story = Story(group, recorder, reviewer, organisations, since)
        write(story)
        story.settle()
    demo_reports.load(users["partner"], users["admin"])
    added: Counter[str] = Counter()
    for model, count in (_row_counts() - before).items():
        if model._meta.auto_created:
            summary.links += count
        else:
            summary.add(model, count)
            added[str(model._meta.verbose_name_plural)] += count
    for label, count in sorted(added.items()):
        stdout.write(f"  {label}: {count}")
