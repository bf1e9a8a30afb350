"""Back office for cycles: their steps, the moves between them, cross-border opportunities."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cycles import selectors, services
from cycles.admin.common import (
    CyclesAdmin,
    ReadOnlyInline,
    bullet_list,
    change_url,
    confirm_and_act,
    html_table,
    percent_text,
    posted,
)
from cycles.admin.opportunities import JointPlanningMixin
from cycles.forms.back_office import (
    CycleAdminForm,
    DateForm,
    MoveBackForm,
    StartNextForm,
    StepNoteForm,
)
from cycles.models import Cycle, CycleStepChange


class OpenFilter(admin.SimpleListFilter):
    title = _("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", pgettext_lazy("cycle", "Open")), ("no", pgettext_lazy("cycle", "Closed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.closed()
        return queryset


class StepChangeInline(ReadOnlyInline):
    model = CycleStepChange
    fields = ["changed_at", "action", "from_step", "to_step", "changed_by", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("moves between steps")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Cycle)
class CycleAdmin(JointPlanningMixin, CyclesAdmin):
    form = CycleAdminForm
    list_display = [
        "__str__",
        "group",
        "number",
        "facilitation",
        "step",
        "is_open",
        "started_on",
        "closed_on",
    ]
    list_filter = [
        OpenFilter,
        "step",
        "facilitation",
        "group__kind",
        ("group__partner", admin.RelatedOnlyFieldListFilter),
        ("group__programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["group"]
    search_fields = ["group__name"]
    autocomplete_fields = ["group"]
    date_hierarchy = "started_on"
    inlines = [StepChangeInline]
    change_form_template = "admin/cycles/object_actions.html"
    change_list_template = "admin/cycles/change_list_links.html"
    context_fieldset = (
        _("Step 1: context and conflict analysis"),
        {"fields": list(Cycle.CONTEXT_FIELDS)},
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["group", "facilitation", "started_on"]}),
                self.context_fieldset,
            ]
        return [
            (
                None,
                {
                    "fields": [
                        "group",
                        "number",
                        "facilitation",
                        "started_on",
                        "closed_on",
                        "previous",
                    ]
                },
            ),
            (_("Progress"), {"fields": ["step", "next_move", "people_consulted"]}),
            self.context_fieldset,
            (_("Trainings held"), {"fields": ["trainings_held"]}),
            (_("Priorities"), {"fields": ["priorities"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        computed = ["next_move", "people_consulted", "trainings_held", "priorities"]
        if obj is None:
            return computed
        # Steps, dates of closing and the chain of cycles change only through the moves.
        return ["group", "number", "step", "closed_on", "previous", *computed]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.register_cycle(obj, request.user)

    @admin.display(description=_("open"), boolean=True)
    def is_open(self, cycle):
        return not cycle.is_closed

    @admin.display(description=_("next move"))
    def next_move(self, cycle):
        if cycle.is_closed:
            return gettext("Closed on %(date)s.") % {"date": cycle.closed_on}
        missing = services.missing_for_next(cycle)
        if cycle.step == Cycle.Step.EVALUATION:
            ready = gettext("Ready to close.")
            heading = gettext("Before it can close:")
        else:
            ready = gettext("Ready to move to step %(step)d.") % {"step": cycle.step + 1}
            heading = gettext("Before step %(step)d:") % {"step": cycle.step + 1}
        if not missing:
            return ready
        return format_html("{}{}", heading, bullet_list(missing))

    @admin.display(description=_("people consulted"))
    def people_consulted(self, cycle):
        totals = selectors.consultation_totals(cycle.consultations.all())
        return gettext("%(people)d people, %(women)s women, %(youth)s youth") % {
            "people": totals["people"],
            "women": percent_text(totals["women_share"]),
            "youth": percent_text(totals["youth_share"]),
        }

    @admin.display(description=_("trainings held"))
    def trainings_held(self, cycle):
        trainings = cycle.trainings().order_by("held_on")
        if not trainings:
            return "-"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{} {}</a>',
            ((change_url(t), f"{t.held_on:%Y-%m-%d}", t.topic or t.place) for t in trainings),
        )

    @admin.display(description=_("priorities"))
    def priorities(self, cycle):
        """Concerns ranked by the whole group's score, with each perspective's side by side."""
        table = selectors.perspective_scores(cycle, cycle.viewer)
        if not table.rows:
            return gettext("No concern recorded yet.")
        flag = format_html(" <strong>({})</strong>", gettext("raised only by women or youth"))
        return html_table(
            "priorities",
            [
                gettext("Rank"),
                gettext("Concern"),
                gettext("Category"),
                gettext("Status"),
                *(label for _perspective, _ethnicity, label in table.columns),
            ],
            (
                [
                    "-" if concern.score is None else concern.rank,
                    format_html(
                        '<a href="{}">{}</a>{}',
                        change_url(concern),
                        concern.title_for_reader,
                        flag if concern.women_youth_only else "",
                    ),
                    concern.get_category_display(),
                    concern.get_status_display(),
                    *("-" if value is None else value for value in values),
                ]
                for concern, values in table.rows
            ),
        )

    def get_object(self, request, object_id, from_field=None):
        cycle = super().get_object(request, object_id, from_field)
        if cycle is not None:
            # The priorities table applies the sensitivity rules for whoever is looking.
            cycle.viewer = request.user
        return cycle

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["object_actions"] = self.object_actions(request, obj) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        links = [
            (reverse("admin:cycles_cycle_opportunities"), gettext("Joint-planning opportunities"))
        ]
        return super().changelist_view(request, {**(extra_context or {}), "list_links": links})

    def object_actions(self, request, cycle) -> list[tuple[str, str]]:
        if not self.has_change_permission(request, cycle):
            return []

        def url(name: str) -> str:
            return reverse(f"admin:cycles_cycle_{name}", args=[cycle.pk])

        if cycle.is_closed:
            if (
                self.has_add_permission(request)
                and not Cycle.objects.filter(previous=cycle).exists()
            ):
                return [(url("start_next"), gettext("Start the next cycle"))]
            return []
        actions = []
        if cycle.step < Cycle.Step.EVALUATION:
            actions.append(
                (url("advance"), gettext("Move to step %(step)d") % {"step": cycle.step + 1})
            )
        else:
            actions.append((url("close"), gettext("Close the cycle")))
        if cycle.step > Cycle.Step.PREPARATION:
            actions.append((url("move_back"), gettext("Move back")))
        return actions

    # Moves of a cycle -----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "opportunities/",
                view(self.opportunities_view),
                name="cycles_cycle_opportunities",
            ),
            path("<int:object_id>/advance/", view(self.advance_view), name="cycles_cycle_advance"),
            path(
                "<int:object_id>/move-back/",
                view(self.move_back_view),
                name="cycles_cycle_move_back",
            ),
            path("<int:object_id>/close/", view(self.close_view), name="cycles_cycle_close"),
            path(
                "<int:object_id>/start-next/",
                view(self.start_next_view),
                name="cycles_cycle_start_next",
            ),
            *super().get_urls(),
        ]

    def _cycle_to_change(self, request, object_id) -> Cycle:
        cycle = get_object_or_404(
            Cycle.objects.visible_to(request.user).select_related("group"), pk=object_id
        )
        if not self.has_change_permission(request, cycle):
            raise PermissionDenied
        return cycle

    def advance_view(self, request, object_id):
        cycle = self._cycle_to_change(request, object_id)
        to_step = min(cycle.step + 1, Cycle.Step.EVALUATION)

        def act(data):
            services.advance(cycle, request.user, data["reason"])
            return (
                gettext("%(cycle)s moved to step %(step)d.") % {"cycle": cycle, "step": cycle.step},
                change_url(cycle),
            )

        return confirm_and_act(
            self,
            request,
            cycle,
            form=StepNoteForm(posted(request)),
            act=act,
            title=gettext("Move %(cycle)s to step %(step)d") % {"cycle": cycle, "step": to_step},
            submit_label=gettext("Move forward"),
            notes=services.missing_for_next(cycle),
        )

    def move_back_view(self, request, object_id):
        cycle = self._cycle_to_change(request, object_id)

        def act(data):
            services.move_back(cycle, data["to_step"], data["reason"], request.user)
            return (
                gettext("%(cycle)s moved back to step %(step)d.")
                % {"cycle": cycle, "step": cycle.step},
                change_url(cycle),
            )

        return confirm_and_act(
            self,
            request,
            cycle,
            form=MoveBackForm(posted(request), cycle=cycle),
            act=act,
            title=gettext("Move %(cycle)s back") % {"cycle": cycle},
            submit_label=gettext("Move back"),
        )

    def close_view(self, request, object_id):
        cycle = self._cycle_to_change(request, object_id)

        def act(data):
            services.close_cycle(cycle, request.user, data["on"])
            unresolved = cycle.concerns.unresolved().count()
            return (
                ngettext(
                    "%(cycle)s is closed. Start the next cycle to carry over its "
                    "%(count)d unresolved concern.",
                    "%(cycle)s is closed. Start the next cycle to carry over its "
                    "%(count)d unresolved concerns.",
                    unresolved,
                )
                % {"cycle": cycle, "count": unresolved},
                change_url(cycle),
            )

        return confirm_and_act(
            self,
            request,
            cycle,
            form=DateForm(posted(request)),
            act=act,
            title=gettext("Close %(cycle)s") % {"cycle": cycle},
            submit_label=gettext("Close the cycle"),
            notes=services.missing_for_close(cycle),
        )

    def start_next_view(self, request, object_id):
        cycle = self._cycle_to_change(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied

        def act(data):
            new = services.start_next_cycle(cycle, request.user, data["on"], data["facilitation"])
            carried = new.concerns.count()
            return (
                ngettext(
                    "%(cycle)s started with %(count)d concern carried over.",
                    "%(cycle)s started with %(count)d concerns carried over.",
                    carried,
                )
                % {"cycle": new, "count": carried},
                change_url(new),
            )

        form = StartNextForm(posted(request), initial={"facilitation": cycle.facilitation})
        return confirm_and_act(
            self,
            request,
            cycle,
            form=form,
            act=act,
            title=gettext("Start the cycle after %(cycle)s") % {"cycle": cycle},
            submit_label=gettext("Start the next cycle"),
            notes=[
                concern.title_for_reader
                for concern in cycle.concerns.unresolved().with_text_access(request.user)
            ],
            notes_title=gettext("Unresolved concerns that will be carried over"),
        )
