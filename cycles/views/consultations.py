"""Logging a consultation (or an event, a training) in one screen, and the consultation page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import AgeBand, Gender, Group
from cswg_portal.access import fieldwork_required, scoped_or_404
from cswg_portal.submissions import AlreadySaved, already_saved, save_once
from cycles import services
from cycles.forms.consultations import (
    OUTSIDE_CYCLE_KINDS,
    CommitmentForm,
    ConcernFormSet,
    ConsultationForm,
)
from cycles.forms.headcount import HEADCOUNT_HELP, EthnicCountForm, HeadcountForm
from cycles.models import Consultation, Cycle, SensitiveConcernRead


class _Refused(Exception):
    """A service refused part of the consultation: everything written so far is undone."""


def _error_summary(form, attendance, ethnic, concerns) -> list[str]:
    parts = []
    if form.errors:
        parts.append(_("Consultation details"))
    if attendance.errors:
        parts.append(_("Attendance by gender and age"))
    if ethnic.errors:
        parts.append(_("Attendance by ethnic group"))
    if concerns is not None:
        if concerns.non_form_errors():
            parts.append(_("Concerns raised"))
        parts.extend(
            _("Concern %(number)d") % {"number": number}
            for number, concern_form in enumerate(concerns.forms, start=1)
            if concern_form.errors
        )
    return parts


def _check_together(form, attendance, ethnic, concerns, cycle: Cycle | None) -> None:
    """Rules across the parts of the screen, once each part is valid on its own."""
    people = attendance.total()
    if people == 0:
        attendance.add_error(None, _("Count who came: at least one person."))
    elif ethnic.total() > people:
        ethnic.add_error(
            None,
            _("%(ethnic)d people by ethnic group, but %(people)d attended in all.")
            % {"ethnic": ethnic.total(), "people": people},
        )
    if concerns is None or not concerns.filled():
        return
    if form.cleaned_data["kind"] in OUTSIDE_CYCLE_KINDS:
        form.add_error(
            "kind",
            _(
                "A trust-building event is recorded outside the cycle, so no concerns can be "
                "raised at it: choose a consultation kind or remove the concerns."
            ),
        )


@fieldwork_required
def consultation_add(request: HttpRequest, group: int) -> HttpResponse:
    group = scoped_or_404(Group.objects.select_related("partner"), request.user, pk=group)
    cycle = group.cycles.open().first()
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(data)
    attendance = HeadcountForm(data, prefix="attendance")
    ethnic = EthnicCountForm(data, prefix="ethnic")
    # Concerns belong to a cycle: without an open one there is nowhere to raise them.
    concerns = ConcernFormSet(data, prefix="concerns") if cycle else None
    summary = []
    if done := already_saved(request, form):
        return done
    if data is not None:
        parts = [form, attendance, ethnic, *([concerns] if concerns is not None else [])]
        # Every part is validated, not only up to the first invalid one: all messages at once.
        valid = [part.is_valid() for part in parts]
        if all(valid):
            _check_together(form, attendance, ethnic, concerns, cycle)
        if not any(part.errors for part in parts[:3]) and (concerns is None or concerns.is_valid()):
            try:
                consultation = _save(request, group, cycle, form, attendance, ethnic, concerns)
            except AlreadySaved as twin:
                return twin.response(request)
            if consultation is not None:
                return redirect(consultation)
        summary = _error_summary(form, attendance, ethnic, concerns)
    return render(
        request,
        "cycles/consultation_form.html",
        {
            "group": group,
            "cycle": cycle,
            "form": form,
            "attendance": attendance,
            "ethnic": ethnic,
            "concerns": concerns,
            "summary": summary,
            "headcount_help": HEADCOUNT_HELP,
            "outside_kinds": OUTSIDE_CYCLE_KINDS,
        },
    )


def _save(request, group, cycle, form, attendance, ethnic, concerns) -> Consultation | None:
    """Everything in one transaction: the consultation, its attendance and its concerns.

    Returns None, with the services' refusals shown beside the part they are about, when
    anything is refused; nothing is then stored. Raises AlreadySaved for a POST sent twice.
    """
    fields = form.cleaned_data
    kind = fields["kind"]
    in_cycle = cycle if kind not in OUTSIDE_CYCLE_KINDS else None
    filled = concerns.filled() if concerns is not None else []

    def record() -> Consultation:
        with transaction.atomic():
            try:
                consultation = services.record_consultation(
                    group,
                    request.user,
                    kind=kind,
                    held_on=fields["held_on"],
                    cycle=in_cycle,
                    place=fields["place"],
                    topic=fields["topic"],
                    facilitator=None if fields["group_led"] else request.user,
                    attendance=attendance.cells(),
                    ethnic_attendance=ethnic.counts(),
                    police_attended=fields["police_attended"],
                    local_authority_attended=fields["local_authority_attended"],
                    other_services_attended=fields["other_services_attended"],
                    notes=fields["notes"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
                raise _Refused from error
            if filled:
                try:
                    services.raise_concerns(
                        in_cycle,
                        request.user,
                        [
                            services.NewConcern(
                                title=concern_form.cleaned_data["title"],
                                description=concern_form.cleaned_data["description"],
                                category=concern_form.cleaned_data["category"],
                                sensitivity=concern_form.cleaned_data["sensitivity"],
                                raised_by=concern_form.raised_by_values(),
                            )
                            for concern_form in filled
                        ],
                        consultations=[consultation],
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for index, messages_ in error.message_dict.items():
                            filled[int(index)].add_error(None, messages_)
                    else:
                        filled[0].add_error(None, error.messages)
                    raise _Refused from error
        return consultation

    try:
        consultation = save_once(request, form, record, url=Consultation.get_absolute_url)
    except _Refused:
        return None
    message = _("%(consultation)s is recorded.") % {"consultation": consultation}
    if filled:
        message += " " + ngettext(
            "%(count)d concern raised.", "%(count)d concerns raised.", len(filled)
        ) % {"count": len(filled)}
    messages.success(request, message)
    return consultation


def _attendance_table(consultation: Consultation) -> dict:
    """Attendance as rows of age bands with a count per gender, and the totals."""
    cells = {(row.gender, row.age_band): row.count for row in consultation.attendance.all()}
    rows = []
    for band, label in AgeBand.choices:
        counts = [cells.get((gender, band), 0) for gender in Gender.values]
        if any(counts):
            rows.append((label, counts, sum(counts)))
    by_gender = [
        sum(count for (gender, _band), count in cells.items() if gender == key)
        for key in Gender.values
    ]
    return {"genders": Gender.labels, "rows": rows, "totals": by_gender}


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    return scoped_or_404(
        Consultation.objects.select_related("group", "cycle__group", "facilitator")
        .prefetch_related("attendance", "ethnic_attendance")
        .with_attendance(),
        request.user,
        pk=pk,
    )


def _detail_context(request: HttpRequest, consultation: Consultation) -> dict:
    concerns = list(
        consultation.concerns.with_text_access(request.user)
        .prefetch_related("raised_by")
        .order_by("title", "pk")
    )
    SensitiveConcernRead.objects.record(
        [concern for concern in concerns if concern.text_access], request.user, request.path
    )
    return {
        "consultation": consultation,
        "group": consultation.group,
        "cycle": consultation.cycle,
        "attendance": _attendance_table(consultation),
        "ethnic_rows": consultation.ethnic_attendance.all(),
        "concerns": concerns,
        "commitments": consultation.commitments.all(),
        "can_add_commitment": consultation.cycle is None or not consultation.cycle.is_closed,
    }


@fieldwork_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    context = _detail_context(request, consultation)
    context["commitment_form"] = CommitmentForm(consultation=consultation)
    return render(request, "cycles/consultation_detail.html", context)


@fieldwork_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    form = CommitmentForm(request.POST or None, consultation=consultation)
    if done := already_saved(request, form):
        return done
    if request.method == "POST" and form.is_valid():
        try:
            save_once(
                request,
                form,
                lambda: services.record_commitment(
                    consultation,
                    request.user,
                    body=form.cleaned_data["body"],
                    made_by=form.cleaned_data["made_by"],
                    what=form.cleaned_data["what"],
                    due_on=form.cleaned_data["due_on"],
                ),
                url=lambda commitment: consultation.get_absolute_url(),
            )
        except AlreadySaved as twin:
            return twin.response(request)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("The commitment of %(made_by)s is recorded.")
                % {"made_by": form.cleaned_data["made_by"]},
            )
            return redirect(consultation)
    return render(
        request,
        "cycles/commitment_form.html",
        {"consultation": consultation, "group": consultation.group, "form": form},
    )
