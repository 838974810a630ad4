"""Pages publiques : présentation et carte des secteurs, éligibilité d'une adresse
(avec ses suggestions en JSON), demande d'abonnement en ligne."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from brest_numerique.cache_anonyme import Version, cache_anonyme
from brest_numerique.comptes.roles import email_verifie
from brest_numerique.limites import atteinte, compter, limites_d_envoi
from brest_numerique.nombres import entier
from brest_numerique.views import erreur_400, erreur_429
from internet_pour_tous import eligibilite as regles
from internet_pour_tous.models import Consultation, Residence, Secteur
from internet_pour_tous.public.forms import DemandeForm
from papi.services import communes

# Les pages publiques qui montrent les secteurs : tout code qui change un secteur ou
# une consultation appelle version_des_secteurs.changer() dans sa transaction (la
# page se périme aussi d'elle-même après DUREE_CACHE secondes).
version_des_secteurs = Version("ipt:secteurs")
DUREE_CACHE = 300
LONGUEUR_ADRESSE_MAX = 200


def _secteurs_publics() -> dict:
    deployes = list(
        Secteur.objects.filter(statut=Secteur.Statut.DEPLOYE)
        .select_related("commune")
        .order_by("deploye_le", "nom")
    )
    a_venir = Consultation.objects.filter(
        resultat=Consultation.Resultat.A_VENIR, cloture__gte=timezone.localdate()
    ).order_by("ouverture")
    votes = list(
        Secteur.objects.filter(statut=Secteur.Statut.VOTE_PREVU)
        .select_related("commune")
        .prefetch_related(Prefetch("consultations", a_venir, to_attr="a_venir"))
        .order_by("nom")
    )
    for secteur in votes:
        secteur.consultation = secteur.a_venir[0] if secteur.a_venir else None
    return {"deployes": deployes, "votes": votes}


@require_safe
@cache_anonyme(prefixe="ipt-presentation", duree=DUREE_CACHE, versions=(version_des_secteurs,))
def presentation(request):
    contexte = _secteurs_publics()
    contexte["tuiles"] = settings.MAP_TILE_URL
    return render(request, "internet_pour_tous/presentation.html", contexte)


def _commune_du_texte(texte: str, toutes: list):
    """La commune nommée dans le texte (« … Guipavas »), sinon Brest, sinon la première."""
    normalise = f" {regles.adresse_normalisee(texte)} "
    for commune in toutes:
        if f" {regles.adresse_normalisee(commune.nom)} " in normalise:
            return commune
    return next((c for c in toutes if c.nom == "Brest"), toutes[0] if toutes else None)


@require_safe
def eligibilite(request):
    adresse = request.GET.get("adresse", "").strip()
    brut_residence = request.GET.get("residence", "")
    brut_commune = request.GET.get("commune", "")
    if len(adresse) > LONGUEUR_ADRESSE_MAX or len(brut_commune) > 5:
        return erreur_400(request)
    toutes = communes()
    contexte = {"adresse": adresse, "communes": toutes}
    residences = Residence.objects.select_related("secteur", "commune")
    if brut_residence:
        pk = entier(brut_residence)
        if pk is None:
            return erreur_400(request)
        residence = get_object_or_404(residences, pk=pk)
        contexte["reponse"] = regles.eligibilite(residence)
        return render(request, "internet_pour_tous/eligibilite.html", contexte)
    commune = None
    if brut_commune:
        commune = next((c for c in toutes if c.code_insee == brut_commune), None)
        if commune is None:
            return erreur_400(request)
    if adresse and commune is None:
        trouvees = regles.residences_suggerees(adresse)
        if len(trouvees) == 1:
            contexte["reponse"] = regles.eligibilite(trouvees[0])
            return render(request, "internet_pour_tous/eligibilite.html", contexte)
        if trouvees:
            contexte["trouvees"] = trouvees
            return render(request, "internet_pour_tous/eligibilite.html", contexte)
        contexte["introuvable"] = True
        commune = _commune_du_texte(adresse, toutes)
    if commune is not None:
        contexte["commune"] = commune
        contexte["residences_de_la_commune"] = list(
            Residence.objects.filter(commune=commune).only("nom", "adresse").order_by("adresse")
        )
        contexte["lieux"], contexte["ateliers"] = regles.lieux_autour(
            commune.latitude, commune.longitude
        )
    return render(request, "internet_pour_tous/eligibilite.html", contexte)


@require_safe
def suggestions(request):
    texte = request.GET.get("q", "").strip()
    if not 3 <= len(texte) <= LONGUEUR_ADRESSE_MAX:
        return JsonResponse({"erreur": "Écrivez de 3 à 200 caractères de l'adresse."}, status=400)
    base = reverse("internet_pour_tous:eligibilite")
    resultats = [
        {
            "id": residence.pk,
            "libelle": f"{residence.adresse}, {residence.code_postal} {residence.commune.nom}"
            f" ({residence.nom})",
            "adresse": residence.adresse,
            "url": f"{base}?residence={residence.pk}",
        }
        for residence in regles.residences_suggerees(texte, n=8)
    ]
    return JsonResponse({"resultats": resultats})


def _residence_eligible(pk: int) -> Residence | None:
    residence = get_object_or_404(Residence.objects.select_related("secteur", "commune"), pk=pk)
    return residence if residence.secteur.statut == Secteur.Statut.DEPLOYE else None


@require_http_methods(["GET", "HEAD", "POST"])
def demande(request, residence: int):
    pk = residence
    residence = _residence_eligible(pk)
    if residence is None:
        # Hors d'un secteur déployé, on ne s'abonne pas : la réponse dit pourquoi.
        return redirect(f"{reverse('internet_pour_tous:eligibilite')}?residence={pk}")
    if request.method != "POST":
        initial = {}
        if email_verifie(request.user):
            initial = {"email": request.user.email, "titulaire": request.user.get_full_name()}
        form = DemandeForm(residence=residence, initial=initial)
        return _page_demande(request, residence, form)
    compteurs = limites_d_envoi(request, prefixe="ipt-demande", email=request.POST.get("email", ""))
    if atteinte(compteurs):
        return erreur_429(request)
    form = DemandeForm(request.POST, residence=residence)
    if not form.is_valid():
        return _page_demande(request, residence, form, status=400)
    from internet_pour_tous.abonnements.services import abonnement_demander

    donnees = form.cleaned_data
    compte = None
    if email_verifie(request.user) and request.user.email.lower() == donnees["email"].lower():
        compte = request.user
    try:
        abonnement_demander(
            logement=donnees["logement"],
            titulaire=donnees["titulaire"],
            email=donnees["email"],
            telephone=donnees["telephone"],
            accompagnement=donnees["accompagnement"],
            compte=compte,
        )
    except ValidationError as erreur:
        form.add_error("logement", erreur.messages)
        return _page_demande(request, residence, form, status=400)
    compter(compteurs)
    return redirect("internet_pour_tous:demande_envoyee")


def _page_demande(request, residence, form, status=200):
    contexte = {"residence": residence, "form": form}
    return render(request, "internet_pour_tous/demande.html", contexte, status=status)


@require_safe
def demande_envoyee(request):
    return render(request, "internet_pour_tous/demande_envoyee.html")
