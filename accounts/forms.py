from django import forms
from django.utils.translation import gettext_lazy as _


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("De zes cijfers die uw authenticator-app nu toont, of een herstelcode."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        # Recovery codes are lower case; spaces are how people copy codes.
        return "".join(self.cleaned_data["code"].split()).lower()
