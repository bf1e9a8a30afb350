"""Where the groups stand: per programme, how many groups are at each step of their cycle."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from communities.models import Group, Programme
from cycles.models import Cycle
from cycles.reports.services import for_viewer
from cycles.reports.tables import Column, Row, Table

NO_OPEN_CYCLE = "none"


def portfolio(user) -> tuple[list[Programme], Table]:
    """The programmes `user` sees and a table programme x (step 1-5, no open cycle, total),
    as `user` may see it (small counts hidden from donors). Two queries."""
    programmes = list(Programme.objects.visible_to(user).order_by("name"))
    open_step = Cycle.objects.filter(group=OuterRef("pk"), closed_on__isnull=True).values("step")
    steps = [value for value, _label in Cycle.Step.choices]
    counts = {
        line["programme"]: line
        for line in Group.objects.visible_to(user)
        .exclude(status=Group.Status.MERGED)
        .annotate(open_step=Subquery(open_step[:1]))
        .values("programme")
        .annotate(
            **{f"step_{step}": Count("pk", filter=Q(open_step=step)) for step in steps},
            none=Count("pk", filter=Q(open_step__isnull=True)),
            total=Count("pk"),
        )
        .order_by()
    }
    columns = [
        *(Column(f"step_{step}", _("Step %(step)d") % {"step": step}) for step in steps),
        Column(NO_OPEN_CYCLE, _("No open cycle")),
        Column("total", _("Groups")),
    ]
    empty = dict.fromkeys((column.key for column in columns), 0)
    rows = [
        Row(str(programme.pk), programme.name, {**empty, **_cells(counts.get(programme.pk))})
        for programme in programmes
    ]
    table = Table(
        "portfolio",
        _("Groups at each step of their cycle"),
        columns,
        rows,
        total_column="total",
    )
    return programmes, for_viewer([table], user)[0]


def _cells(line: dict | None) -> dict[str, int]:
    return {key: value for key, value in (line or {}).items() if key != "programme"}
