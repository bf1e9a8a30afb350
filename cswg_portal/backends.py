"""The password backend: Django's, reading the user's organisation with the user.

Every page names the signed-in user's organisation (the navigation bar) and most scope
their queries by it, so the user and the organisation come in the one query that loads
the user from the session.
"""

from django.contrib.auth import backends


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        manager = backends.UserModel._default_manager
        try:
            user = manager.select_related("organisation").get(pk=user_id)
        except backends.UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
