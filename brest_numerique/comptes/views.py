from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brest_numerique.comptes.forms import PreferencesForm, SuppressionForm
from brest_numerique.comptes.roles import email_verifie
from brest_numerique.comptes.suppression import (
    CompteNonSupprimable,
    compte_supprimer,
    empechements,
)
from brest_numerique.notifications.services import preferences_enregistrer, sortes_refusees
from brest_numerique.pagination import Paginateur
from commentaires.commentable import objets_commentes
from commentaires.models import Commentaire

COMMENTAIRES_PAR_PAGE = 10


def _ses_commentaires(request):
    """La page demandée de ses commentaires, du plus récent au plus ancien : ceux de
    son compte, et ceux déposés avec son adresse une fois qu'elle est vérifiée (les
    adresses sont enregistrées en minuscules, l'index sur l'adresse sert)."""
    user = request.user
    siens = Q(auteur=user)
    if email_verifie(user):
        siens |= Q(email=user.email.lower())
    commentaires = (
        Commentaire.objects.filter(siens, supprime_par_auteur=False)
        .prefetch_related(objets_commentes())
        .order_by("-cree_le", "-pk")
    )
    page = Paginateur(commentaires, COMMENTAIRES_PAR_PAGE).get_page(request.GET.get("page"))
    for commentaire in page:
        commentaire.lien = (
            f"{commentaire.objet.get_absolute_url()}#commentaire-{commentaire.pk}"
            if commentaire.statut == Commentaire.Statut.PUBLIE and commentaire.objet is not None
            else ""
        )
    return page


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
            "commentaires": _ses_commentaires(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request):
    """Supprimer son compte, après confirmation ; une raison de ne pas le faire (rôle
    dans l'équipe, dossier en cours) est dite, et rien n'est supprimé."""
    raisons = empechements(request.user)
    form = SuppressionForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and not raisons and form.is_valid():
        try:
            compte_supprimer(user=request.user)
        except CompteNonSupprimable as refus:  # une raison apparue entre-temps
            raisons = refus.raisons
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte est supprimé. Vos commentaires restent affichés avec la "
                    "mention « Commentaire supprimé par son auteur »."
                ),
            )
            return redirect("/")
    statut = 400 if request.method == "POST" else 200
    return render(
        request, "comptes/supprimer.html", {"form": form, "raisons": raisons}, status=statut
    )
