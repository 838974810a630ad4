"""Le plancher d'écriture du banc (bench/charge.py --depot) : l'étalon auquel on
compare le dépôt d'un commentaire sous la même charge.

Il fait le strict minimum de tout dépôt : écrire une ligne de commentaire et
mettre une tâche Celery en file, rien d'autre (ni formulaire, ni limite de débit,
ni message, ni recherche de doublon). Comparé au plancher de lecture (/plancher/,
qui n'écrit rien), il dit ce que coûte le dépôt au-delà de ce que toute écriture
paie de toute façon.

Comme /plancher/, il n'existe que si le banc le demande (PLANCHER_ACTIF) : partout
ailleurs, en production comme dans les tests, l'adresse répond 404 quelle que soit
la méthode. Le jeton CSRF n'y est pas demandé : le banc n'a pas de formulaire à
afficher pour lui, et la ligne écrite n'est jamais montrée (adresse à confirmer,
sans suites à faire).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from commentaires.models import Commentaire
from commentaires.tasks import suites_du_depot

# Les lignes du plancher, que le banc efface après la mesure.
DOMAINE = "plancher.exemple.fr"


@csrf_exempt
def plancher_ecriture(request: HttpRequest, type_id: int, objet_id: int) -> HttpResponse:
    if not settings.PLANCHER_ACTIF:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    texte = request.POST.get("texte", "")
    commentaire = Commentaire.objects.create(
        content_type_id=type_id,
        object_id=objet_id,
        nom=request.POST.get("nom", "")[:80],
        # L'adresse envoyée, dans le domaine du plancher : le banc efface ces lignes.
        email=f"{request.POST.get('email', '').partition('@')[0][:60]}@{DOMAINE}",
        texte=texte,
        empreinte_texte=Commentaire.empreinte(texte),
        statut=Commentaire.Statut.EN_ATTENTE_CONFIRMATION,
    )
    # La tâche même des dépôts, sur une ligne sans suites en attente : le worker la
    # reçoit, verrouille la ligne, n'y trouve rien à faire (même message, même file).
    suites_du_depot.delay(commentaire.pk)
    return HttpResponse(status=204)
