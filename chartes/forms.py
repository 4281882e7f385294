from django import forms


class SignatureForm(forms.Form):
    engagement = forms.BooleanField(
        label="J'ai lu la charte et je m'engage à la respecter au nom de l'organisation.",
        error_messages={
            "required": "Cochez la case pour signer : elle dit que vous vous engagez au nom de "
            "l'organisation."
        },
    )
