"""Les deux pages de la messagerie d'un dossier : côté structure candidate
(projets:messages, membres seulement) et côté instruction (instruction:messages,
instructeurs de l'édition). Même fil, même formulaire ; seuls changent le droit
d'entrée, le côté de l'auteur et les liens."""

from django.contrib import messages as annonces
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brest_numerique.comptes.roles import action_requise
from brest_numerique.limites import Limite, atteinte, compter
from projets import regles
from projets.echanges.forms import MessageForm
from projets.echanges.models import Cote
from projets.echanges.services import fil_ouvrir, message_envoyer, messagerie_ouverte
from projets.models import Dossier

# Une conversation suivie s'écrit à quelques messages l'heure ; un instructeur en
# écrit à plusieurs dossiers. Au-delà, c'est un robot ou une erreur de manipulation.
PAR_COMPTE = Limite("dossier-message-compte", 40, 3600)
PAR_DOSSIER = Limite("dossier-message-dossier", 15, 3600)


@require_http_methods(["GET", "POST"])
@login_required
def messages_candidat(request, dossier: int):
    dossier = regles.dossier_du_candidat(request.user, dossier)
    return _messagerie(request, dossier, cote=Cote.CANDIDAT)


@require_http_methods(["GET", "POST"])
@action_requise(
    "instruire_dossiers",
    objet=(Dossier.objects.select_related("edition", "structure"), "dossier"),
)
def messages_instruction(request, dossier: Dossier):
    return _messagerie(request, dossier, cote=Cote.INSTRUCTION)


def _messagerie(request, dossier: Dossier, *, cote: str):
    ouverte = messagerie_ouverte(dossier)
    form = MessageForm()
    statut = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        compteurs = [
            (PAR_COMPTE, str(request.user.pk)),
            (PAR_DOSSIER, f"{request.user.pk}:{dossier.pk}"),
        ]
        if not ouverte:
            form.add_error(None, _("La messagerie s'ouvre au dépôt du dossier."))
            statut = 400
        elif atteinte(compteurs):
            form.add_error(
                None,
                _(
                    "Vous avez envoyé beaucoup de messages en peu de temps\u00a0: votre texte est "
                    "gardé ci-dessous, réessayez dans une heure."
                ),
            )
            statut = 429
        elif form.is_valid():
            try:
                message_envoyer(
                    dossier=dossier,
                    par=request.user,
                    texte=form.cleaned_data["texte"],
                    fichiers=form.cleaned_data["fichiers"],
                    cote=cote,
                )
            except ValidationError as erreur:
                _erreurs_au_formulaire(form, erreur)
                statut = 400
            else:
                compter(compteurs)
                annonces.success(request, _("Votre message est envoyé."))
                nom = "projets:messages" if cote == Cote.CANDIDAT else "instruction:messages"
                return redirect(nom, dossier=dossier.pk)
        else:
            statut = 400
    return _page(request, dossier, cote=cote, form=form, ouverte=ouverte, statut=statut)


def _erreurs_au_formulaire(form: MessageForm, erreur: ValidationError) -> None:
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur.messages)


def _page(request, dossier: Dossier, *, cote: str, form, ouverte: bool, statut: int):
    # Un envoi refusé ne compte pas pour lu : la personne n'a pas quitté la page.
    fil, repere = fil_ouvrir(dossier=dossier, user=request.user, marquer=request.method == "GET")
    nouveaux = sum(1 for m in fil if m.pk > repere and m.auteur_id != request.user.pk)
    return render(
        request,
        "projets/echanges/messagerie.html",
        {
            "dossier": dossier,
            "fil": fil,
            "repere": repere,
            "nouveaux": nouveaux,
            "form": form,
            "ouverte": ouverte,
            "cote": cote,
            "instruction": cote == Cote.INSTRUCTION,
        },
        status=statut,
    )
