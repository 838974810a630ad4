"""L'espace bailleur (/bailleur/) : ses secteurs et leurs chiffres, ses abonnements
(en lecture seule), ses relevés et leurs fichiers, l'envoi de ses impayés.

Toutes les vues demandent `consulter_chiffres_residences` ; leurs listes et leurs
objets viennent des ensembles filtrés de regles.py : un identifiant deviné d'un
autre bailleur n'y est pas (404). Un bailleur ne voit d'un abonnement que le nom de
son titulaire, la référence du logement, son état et ses dates."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.comptes.roles import action_requise, peut
from brest_numerique.nombres import EntierField
from internet_pour_tous import regles
from internet_pour_tous.bailleurs.chiffres import avec_logements_et_actifs, couverture
from internet_pour_tous.models import Abonnement

ACTION = regles.ACTION
ABONNEMENTS_PAR_PAGE = 50
RELEVES_PAR_PAGE = 24


def _releves(user):
    from internet_pour_tous.facturation.services import releves_avec_totaux

    return releves_avec_totaux().filter(pk__in=regles.releves_du_bailleur(user).values("pk"))


def _releve(request, releve: int):
    """Le relevé d'un des bailleurs du compte, ou 404 (jamais 403 : son existence ne
    se devine pas)."""
    objet = get_object_or_404(_releves(request.user).select_related("bailleur"), pk=releve)
    if not peut(request.user, ACTION, objet):  # redondant avec le filtre, par prudence
        raise Http404
    return objet


@require_safe
@action_requise(ACTION)
def accueil(request):
    secteurs = list(
        avec_logements_et_actifs(regles.secteurs_du_bailleur(request.user))
        .select_related("bailleur")
        .order_by("bailleur__nom", "nom")
    )
    for secteur in secteurs:
        secteur.couverture = couverture(secteur.nb_actifs, secteur.nb_logements)
    return render(
        request,
        "internet_pour_tous/bailleurs/accueil.html",
        {
            "bailleurs": list(regles.bailleurs_du_compte(request.user).order_by("nom")),
            "secteurs": secteurs,
            "releves": list(_releves(request.user).select_related("bailleur")[:6]),
        },
    )


class FiltresAbonnements(forms.Form):
    secteur = EntierField(label=_("Secteur"), required=False)
    residence = EntierField(label=_("Résidence"), required=False)
    statut = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + Abonnement.Statut.choices
    )
    page = EntierField(required=False)

    def __init__(self, *args, secteurs, residences, **kwargs):
        super().__init__(*args, **kwargs)
        self.secteurs, self.residences = secteurs, residences

    def clean_secteur(self):
        valeur = self.cleaned_data["secteur"]
        if valeur is not None and valeur not in {s.pk for s in self.secteurs}:
            raise forms.ValidationError(_("Ce secteur n'est pas l'un des vôtres."))
        return valeur

    def clean_residence(self):
        valeur = self.cleaned_data["residence"]
        if valeur is not None and valeur not in {r.pk for r in self.residences}:
            raise forms.ValidationError(_("Cette résidence n'est pas l'une des vôtres."))
        return valeur


@require_safe
@action_requise(ACTION)
def abonnements(request):
    secteurs = list(regles.secteurs_du_bailleur(request.user).order_by("nom").only("pk", "nom"))
    residences = list(
        regles.residences_du_bailleur(request.user).order_by("nom").only("pk", "nom", "secteur")
    )
    filtres = FiltresAbonnements(request.GET, secteurs=secteurs, residences=residences)
    liste = (
        regles.abonnements_du_bailleur(request.user)
        .select_related("logement__residence__secteur")
        .only(
            "titulaire",
            "statut",
            "debut",
            "fin",
            "logement__reference",
            "logement__residence__nom",
            "logement__residence__secteur__nom",
        )
        .order_by("logement__residence__nom", "logement__reference", "pk")
    )
    statut, valeurs = 200, {}
    if filtres.is_valid():
        valeurs = {k: v for k, v in filtres.cleaned_data.items() if v not in (None, "")}
        if "secteur" in valeurs:
            liste = liste.filter(logement__residence__secteur_id=valeurs["secteur"])
        if "residence" in valeurs:
            liste = liste.filter(logement__residence_id=valeurs["residence"])
        if "statut" in valeurs:
            liste = liste.filter(statut=valeurs["statut"])
    else:
        statut, liste = 400, liste.none()
    page = Paginator(liste, ABONNEMENTS_PAR_PAGE).get_page(valeurs.get("page"))
    requete = urlencode({k: v for k, v in valeurs.items() if k != "page"})
    return render(
        request,
        "internet_pour_tous/bailleurs/abonnements.html",
        {
            "filtres": filtres,
            "secteurs": secteurs,
            "residences": residences,
            "page": page,
            "requete": requete,
        },
        status=statut,
    )


@require_safe
@action_requise(ACTION)
def releves(request):
    page = Paginator(
        _releves(request.user).select_related("bailleur").order_by("-mois", "bailleur__nom"),
        RELEVES_PAR_PAGE,
    ).get_page(request.GET.get("page"))
    return render(request, "internet_pour_tous/bailleurs/releves.html", {"page": page})


@require_safe
@never_cache
@action_requise(ACTION)
def releve_fichier(request, releve: int, format: str):
    from internet_pour_tous.facturation import exports

    if format not in exports.FORMATS:
        raise Http404
    fichier = exports.releve_fichier(_releve(request, releve), format)
    reponse = HttpResponse(fichier.contenu, content_type=fichier.type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{fichier.nom}"'
    return reponse


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@action_requise(ACTION)
def impayes_importer(request, releve: int):
    """Le bailleur envoie le fichier de ses lignes impayées : le service de la
    facturation le lit en entier et n'enregistre rien si une ligne est fausse."""
    from internet_pour_tous.facturation.forms import ImpayesForm
    from internet_pour_tous.facturation.impayes import impayes_importer as importer

    objet = _releve(request, releve)
    rapport, statut = None, 200
    if request.method == "POST":
        form = ImpayesForm(request.POST, request.FILES)
        if form.is_valid():
            rapport = importer(objet, form.cleaned_data["fichier"], par=request.user)
            if rapport.valide:
                objet = _releve(request, objet.pk)  # son nouvel état et ses totaux
            else:
                statut = 400
        else:
            statut = 400
    else:
        form = ImpayesForm()
    return render(
        request,
        "internet_pour_tous/bailleurs/impayes.html",
        {"releve": objet, "form": form, "rapport": rapport},
        status=statut,
    )
