from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from brest_numerique.limites import adresse_ip, atteinte, compter, limites_d_envoi
from brest_numerique.methodes import post_seulement
from brest_numerique.publication import publics
from brest_numerique.retour import ANCRE_DES_MESSAGES
from brest_numerique.views import erreur_429
from commentaires import services, suites
from commentaires.commentable import Commentable
from commentaires.forms import CommentaireForm, SignalementForm
from commentaires.models import Commentaire

# Ce que dit la page où arrive le navigateur après un dépôt : la suite, étape par étape.
MESSAGE_APRES_DEPOT = gettext_lazy(
    "Merci\u202f! Votre commentaire est bien reçu\u00a0: il sera publié après validation "
    "par le webmestre du site."
)
MESSAGE_A_CONFIRMER = gettext_lazy(
    "Merci\u202f! Encore deux étapes avant la publication. Un courriel vient de vous être "
    "envoyé\u00a0: cliquez sur son lien (valable 7 jours) pour confirmer votre adresse. "
    "Votre commentaire sera ensuite publié après validation par le webmestre du site."
)


def _objet_commentable(type_id: int, objet_id: int):
    try:
        # get_for_id lit le cache des types du processus : pas de requête SQL.
        modele = ContentType.objects.get_for_id(type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if modele is None or not issubclass(modele, Commentable):
        raise Http404
    # Un objet non public (brouillon, lieu dépublié) ne se commente pas.
    return get_object_or_404(publics(modele), pk=objet_id)


def _formulaire_de_la_page(request, type_id: int, objet_id: int) -> str:
    return _objet_commentable(type_id, objet_id).get_absolute_url() + "#formulaire-commentaire"


@post_seulement(retour=_formulaire_de_la_page)
def deposer(request, type_id: int, objet_id: int):
    objet = _objet_commentable(type_id, objet_id)
    if objet.commentaires_fermes():
        raise PermissionDenied("Les commentaires sont fermés sur cette page.")
    ip = adresse_ip(request)
    compteurs = limites_d_envoi(request, prefixe="commentaire", email=request.POST.get("email", ""))
    if atteinte(compteurs):
        return erreur_429(request)
    form = CommentaireForm(request.POST, objet=objet, request=request)
    if form.est_un_robot():
        # La réponse d'un dépôt réussi, sans rien écrire (brest_numerique/pieges.py).
        messages.success(request, MESSAGE_A_CONFIRMER)
        return redirect(objet.get_absolute_url() + ANCRE_DES_MESSAGES)
    if not form.is_valid():
        parent = form.cleaned_data.get("parent")
        contexte = {
            "form": form,
            "objet": objet,
            "type_id": type_id,
            "parent": parent.pk if parent else None,
        }
        return render(request, "commentaires/formulaire.html", contexte, status=400)
    auteur = request.user if request.user.is_authenticated else None
    commentaire = services.commentaire_deposer(
        objet=objet, donnees=form.cleaned_data, auteur=auteur, ip=ip
    )
    compter(compteurs)
    if commentaire.statut == Commentaire.Statut.PUBLIE:
        messages.success(request, _("Votre réponse est publiée."))
    elif commentaire.statut == Commentaire.Statut.EN_ATTENTE_CONFIRMATION:
        messages.success(request, MESSAGE_A_CONFIRMER)
    else:
        messages.success(request, MESSAGE_APRES_DEPOT)
    return redirect(objet.get_absolute_url() + ANCRE_DES_MESSAGES)


@require_http_methods(["GET", "POST"])
def confirmer(request, jeton: str):
    try:
        pk = services.lire_jeton(jeton, sel=suites.SEL_CONFIRMATION, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        return render(request, "commentaires/lien_invalide.html", status=400)
    if request.method == "GET":
        return render(request, "commentaires/confirmer.html")
    commentaire = services.commentaire_confirmer(pk=pk, ip=adresse_ip(request))
    if commentaire is None:
        raise Http404
    messages.success(request, MESSAGE_APRES_DEPOT)
    return redirect(commentaire.objet.get_absolute_url() + ANCRE_DES_MESSAGES)


def _commentaire_de_la_page(request, pk: int) -> str:
    commentaire = get_object_or_404(Commentaire.objects.publies(), pk=pk)
    return commentaire.objet.get_absolute_url() + f"#commentaire-{commentaire.pk}"


@post_seulement(retour=_commentaire_de_la_page)
def signaler(request, pk: int):
    commentaire = get_object_or_404(Commentaire.objects.publies(), pk=pk)
    compteurs = limites_d_envoi(request, prefixe="signalement")
    if atteinte(compteurs):
        return erreur_429(request)
    form = SignalementForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    if services.commentaire_signaler(
        commentaire=commentaire,
        raison=form.cleaned_data["raison"],
        compte=request.user if request.user.is_authenticated else None,
        ip=adresse_ip(request),
    ):
        compter(compteurs)
        messages.success(request, _("Merci, votre signalement a été transmis aux modérateurs."))
    else:
        messages.info(request, _("Vous avez déjà signalé ce commentaire."))
    return redirect(commentaire.objet.get_absolute_url() + ANCRE_DES_MESSAGES)


@require_http_methods(["GET", "POST"])
def supprimer(request, jeton: str):
    try:
        email = services.lire_jeton(jeton, sel=suites.SEL_SUPPRESSION)
    except signing.BadSignature:
        return render(request, "commentaires/lien_invalide.html", status=400)
    nombre = Commentaire.objects.de_l_auteur(email).filter(supprime_par_auteur=False).count()
    if request.method == "POST":
        nombre = services.commentaires_supprimer_de(email=email)
        return render(request, "commentaires/supprimes.html", {"nombre": nombre})
    return render(request, "commentaires/supprimer.html", {"email": email, "nombre": nombre})
