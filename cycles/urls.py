from django.urls import path

from cycles.views import concerns, consultations, cycles, monitoring, plans, priorities

app_name = "cycles"

urlpatterns = [
    # The cycle and its steps
    path("groups/<int:group>/cycles/start/", cycles.cycle_start, name="cycle-start"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/context/", cycles.cycle_context, name="cycle-context"),
    path("cycles/<int:pk>/advance/", cycles.cycle_advance, name="cycle-advance"),
    path("cycles/<int:pk>/back/", cycles.cycle_back, name="cycle-back"),
    #
    # Steps 1-2: consultations, events and trainings, and the concerns raised at them
    path(
        "groups/<int:group>/consultations/new/",
        consultations.consultation_add,
        name="consultation-add",
    ),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation-detail"),
    path(
        "consultations/<int:pk>/commitments/new/",
        consultations.commitment_add,
        name="commitment-add",
    ),
    #
    # Step 2: scoring and choosing priorities
    path("cycles/<int:pk>/priorities/", priorities.priorities, name="priorities"),
    path("concerns/<int:pk>/score/", priorities.concern_score, name="concern-score"),
    path("cycles/<int:pk>/priorities/mark/", priorities.priorities_mark, name="priorities-mark"),
    path("concerns/<int:pk>/drop/", priorities.concern_drop, name="concern-drop"),
    #
    # Step 3: action plans
    path("cycles/<int:pk>/plans/new/", plans.plan_add, name="plan-add"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/submit/", plans.plan_submit, name="plan-submit"),
    #
    # Steps 4-5: monitoring, evaluation, closing and the next cycle
    path("activities/<int:pk>/update/", monitoring.activity_update, name="activity-update"),
    path("cycles/<int:pk>/evaluation/", monitoring.evaluation, name="evaluation"),
    path("cycles/<int:pk>/close/", monitoring.cycle_close, name="cycle-close"),
    path("cycles/<int:pk>/next/", monitoring.cycle_next, name="cycle-next"),
    #
    # A concern's story, across cycles
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern-detail"),
]
