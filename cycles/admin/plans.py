"""Back office for action plans: the review queue, approving and returning, and the money."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cswg_portal.admin import ScopedInlineMixin
from cswg_portal.concurrency import VersionedAdminMixin
from cycles import selectors, services
from cycles.admin.common import (
    CyclesAdmin,
    ReadOnlyInline,
    change_url,
    confirm_and_act,
    html_table,
    percent_text,
    posted,
)
from cycles.forms.back_office import ActionPlanAdminForm, PlanActionForm
from cycles.models import (
    ActionPlan,
    Activity,
    Contribution,
    PlanEvent,
    SuccessCriterion,
)

Status = ActionPlan.Status


@dataclass(frozen=True)
class PlanAction:
    """A status change offered on the plan page, carried out by a service."""

    name: str
    label: str
    service: Callable
    allowed: list[str]
    comment_required: bool = False


PLAN_ACTIONS = {
    action.name: action
    for action in [
        PlanAction("submit", _("Submit for review"), services.submit_plan, Status.editable()),
        PlanAction("approve", _("Approve"), services.approve_plan, [Status.SUBMITTED]),
        PlanAction(
            "return",
            _("Return with comments"),
            services.return_plan,
            [Status.SUBMITTED],
            comment_required=True,
        ),
        PlanAction("start", _("Start implementing"), services.start_plan, [Status.APPROVED]),
        PlanAction("complete", _("Mark completed"), services.complete_plan, [Status.IN_PROGRESS]),
    ]
}


class SuccessCriterionInline(ScopedInlineMixin, admin.TabularInline):
    model = SuccessCriterion
    extra = 0


class ActivityInline(VersionedAdminMixin, ScopedInlineMixin, admin.TabularInline):
    model = Activity
    extra = 0
    show_change_link = True
    fields = [
        "title",
        "kind",
        "responsible",
        "planned_start",
        "planned_end",
        "status",
        "seed_grant",
        "seed_grant_currency",
        "not_done_reason",
    ]


class ContributionInline(ScopedInlineMixin, admin.TabularInline):
    model = Contribution
    extra = 0
    fields = [
        "source",
        "kind",
        "pledged_by",
        "activity",
        "value_pledged",
        "value_delivered",
        "currency",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("activity")
        if field is not None:
            field.queryset = field.queryset.filter(plan=obj) if obj else field.queryset.none()
        return formset


class PlanEventInline(ReadOnlyInline):
    model = PlanEvent
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("review history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


def money_table(lines: list[selectors.MoneyLine]) -> str:
    if not lines:
        return gettext("No seed grant or local contribution recorded yet.")
    return html_table(
        "money",
        [
            gettext("Currency"),
            gettext("Seed grants"),
            gettext("Local contributions pledged"),
            gettext("Local contributions delivered"),
            gettext("Local share (pledged)"),
            gettext("Delivered of pledged"),
        ],
        (
            [
                line.currency,
                line.seed,
                line.pledged,
                line.delivered,
                percent_text(line.local_share),
                percent_text(line.delivered_share),
            ]
            for line in lines
        ),
    )


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionedAdminMixin, CyclesAdmin):
    form = ActionPlanAdminForm
    list_display = [
        "title",
        "group",
        "cycle_number",
        "partner",
        "status",
        "status_since",
        "seed_grants",
        "local_pledged",
        "local_delivered",
        "local_share",
    ]
    list_filter = [
        "status",
        ("cycle__group__partner", admin.RelatedOnlyFieldListFilter),
        ("cycle__group__programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["cycle__group__partner"]
    search_fields = ["title", "objective", "cycle__group__name"]
    autocomplete_fields = ["cycle", "concerns"]
    readonly_fields = ["status", "money"]
    inlines = [SuccessCriterionInline, ActivityInline, ContributionInline, PlanEventInline]
    change_form_template = "admin/cycles/object_actions.html"
    change_list_template = "admin/cycles/change_list_links.html"
    fieldsets = [
        (None, {"fields": ["cycle", "title", "concerns", "objective", "status"]}),
        (_("Do-no-harm check"), {"fields": ["harm_risks", "tension_avoidance"]}),
        (_("Seed grants and local contributions"), {"fields": ["money"]}),
    ]

    def get_queryset(self, request):
        plans = super().get_queryset(request)
        # The changelist asks for its queryset several times a page: the currencies in use,
        # a scan of every plan of the organisation, are found once per request.
        if not hasattr(request, "plan_currencies"):
            request.plan_currencies = selectors.currencies_used(plans)
        last_event = PlanEvent.objects.filter(plan=OuterRef("pk")).order_by("-at", "-pk")
        return selectors.plans_with_money(plans, request.plan_currencies).annotate(
            status_since=Subquery(last_event.values("at")[:1])
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            # Once submitted, what the reviewer saw stays as it was.
            return [
                "cycle",
                "title",
                "concerns",
                "objective",
                "harm_risks",
                "tension_avoidance",
                *self.readonly_fields,
            ]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            PlanEvent.objects.create(plan=obj, to_status=obj.status, by=request.user)

    @admin.display(description=_("group"), ordering="cycle__group__name")
    def group(self, plan):
        return plan.cycle.group

    @admin.display(description=_("cycle"), ordering="cycle__number")
    def cycle_number(self, plan):
        return plan.cycle.number

    @admin.display(description=_("partner"), ordering="cycle__group__partner__name")
    def partner(self, plan):
        return plan.cycle.group.partner

    @admin.display(description=_("status since"), ordering="status_since")
    def status_since(self, plan):
        return plan.status_since

    def _per_currency(self, plan, attribute: str, formatter=str):
        lines = selectors.money_lines(plan)
        if not lines:
            return "-"
        return format_html_join(
            mark_safe("<br>"),
            "{} {}",
            ((formatter(getattr(line, attribute)), line.currency) for line in lines),
        )

    @admin.display(description=_("seed grants"))
    def seed_grants(self, plan):
        return self._per_currency(plan, "seed")

    @admin.display(description=_("local pledged"))
    def local_pledged(self, plan):
        return self._per_currency(plan, "pledged")

    @admin.display(description=_("local delivered"))
    def local_delivered(self, plan):
        return self._per_currency(plan, "delivered")

    @admin.display(description=_("local share"))
    def local_share(self, plan):
        return self._per_currency(plan, "local_share", percent_text)

    @admin.display(description=_("totals"))
    def money(self, plan):
        if plan.pk is None:
            return "-"
        return money_table(selectors.money_lines(plan))

    # The review queue and the status changes -----------------------------------------

    def changelist_view(self, request, extra_context=None):
        waiting = ActionPlan.objects.visible_to(request.user).filter(status=Status.SUBMITTED)
        queue = reverse("admin:cycles_actionplan_changelist") + f"?status__exact={Status.SUBMITTED}"
        links = [
            (queue, gettext("Review queue (%(count)d submitted)") % {"count": waiting.count()})
        ]
        return super().changelist_view(request, {**(extra_context or {}), "list_links": links})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["object_actions"] = (
            [
                (reverse(f"admin:cycles_actionplan_{action.name}", args=[obj.pk]), action.label)
                for action in PLAN_ACTIONS.values()
                if obj.status in action.allowed
            ]
            if obj is not None and self.has_change_permission(request, obj)
            else []
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                f"<int:object_id>/{name}/",
                self.admin_site.admin_view(self.plan_action_view),
                {"action": name},
                name=f"cycles_actionplan_{name}",
            )
            for name in PLAN_ACTIONS
        ] + super().get_urls()

    def plan_action_view(self, request, object_id, action):
        """GET shows the confirmation form; POST changes the status and goes back to the plan."""
        plan = get_object_or_404(
            ActionPlan.objects.visible_to(request.user).select_related("cycle__group"),
            pk=object_id,
        )
        if not self.has_change_permission(request, plan):
            raise PermissionDenied
        action = PLAN_ACTIONS[action]
        form = PlanActionForm(posted(request), comment_required=action.comment_required)

        def act(data):
            action.service(plan, request.user, data["comment"])
            return (
                gettext("“%(plan)s” is now: %(status)s.")
                % {"plan": plan, "status": plan.get_status_display()},
                change_url(plan),
            )

        notes = []
        if action.name == "submit":
            notes = services.missing_for_submission(plan)
        return confirm_and_act(
            self,
            request,
            plan,
            form=form,
            act=act,
            title=gettext("%(action)s: %(plan)s") % {"action": action.label, "plan": plan},
            submit_label=str(action.label),
            notes=notes,
        )
