"""The sign-up page: allauth's, with a duplicate address that arrives twice at once answered
like any duplicate (a form error), never a 500."""

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from django.db import IntegrityError, transaction


class SignupView(allauth_views.SignupView):
    def form_valid(self, form):
        # The form checked that the address is free, but another sign-up with the same address
        # may commit in between: the unique index then refuses this one, and the person sees
        # the message the form gives for an address already in use.
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            form.add_error("email", get_adapter().error_messages["email_taken"])
            return self.form_invalid(form)


signup = SignupView.as_view()
