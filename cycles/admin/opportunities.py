"""The cross-border joint-planning page of the cycle admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext

from cycles import selectors, services
from cycles.admin.common import change_url, posted
from cycles.forms.back_office import JointPlanningForm


class JointPlanningMixin:
    """Lists joint-planning opportunities; a POST forms the joint group and its draft plan."""

    def opportunities_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_create = self.has_add_permission(request) and request.user.has_perm(
            "communities.add_group"
        )
        form = JointPlanningForm(posted(request))
        if request.method == "POST":
            if not can_create:
                raise PermissionDenied
            opportunity = form.is_valid() and selectors.find_opportunity(
                request.user,
                form.cleaned_data["first"],
                form.cleaned_data["second"],
                form.cleaned_data["category"],
            )
            if opportunity:
                try:
                    plan = services.create_joint_group(
                        opportunity, request.user, timezone.localdate()
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        gettext("%(group)s formed, with a draft joint plan.")
                        % {"group": plan.cycle.group},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url(plan))
            elif form.is_valid():
                form.add_error(None, gettext("This is no longer a joint-planning opportunity."))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Joint-planning opportunities across the border"),
            "opts": self.opts,
            "opportunities": selectors.joint_planning_opportunities(request.user),
            "can_create": can_create,
            "form": form,
        }
        return TemplateResponse(request, "admin/cycles/cycle/opportunities.html", context)
