from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from brest_numerique.comptes.forms import PreferencesForm
from brest_numerique.comptes.roles import email_verifie
from brest_numerique.notifications.services import preferences_enregistrer, sortes_refusees


@login_required
def compte(request):
    email = request.user.email
    donnees = request.POST if request.method == "POST" else None
    form = PreferencesForm(donnees, user=request.user, refusees=sortes_refusees(email=email))
    if request.method == "POST" and form.is_valid():
        preferences_enregistrer(
            email=email, proposees=set(form.fields), refusees=form.sortes_refusees()
        )
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("comptes:compte")
    return render(
        request,
        "comptes/compte.html",
        {
            "form": form,
            "email_verifie": email_verifie(request.user),
            "roles": request.user.groups.values_list("name", flat=True),
        },
    )
