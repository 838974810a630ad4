"""Les pages publiques de l'appel à projets : l'édition en cours, chaque édition
par son année, et le calendrier iCal de ses dates clés."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from brest_numerique.cache_anonyme import cache_anonyme
from projets.models import AppelAProjets, Phase
from projets.publiques.calendrier import calendrier
from projets.publiques.editions import edition_courante, editions_passees, version_des_editions

# Une minute : la phase et le compte à rebours se déduisent de l'heure ; une édition
# enregistrée périme la page tout de suite (version_des_editions).
DUREE_DU_CACHE = 60


def _page(request, edition: AppelAProjets | None):
    maintenant = timezone.now()
    contexte = {"edition": edition, "passees": editions_passees(edition, maintenant)}
    if edition is not None:
        phase = edition.phase(maintenant)
        aujourd_hui = timezone.localdate(maintenant)
        contexte |= {
            "phase": phase,
            "ouvert": phase == Phase.OUVERT,
            "a_venir": phase == Phase.A_VENIR,
            "jours_avant_cloture": (timezone.localdate(edition.cloture) - aujourd_hui).days,
            "jours_avant_ouverture": (timezone.localdate(edition.ouverture) - aujourd_hui).days,
            "themes": list(edition.themes.all()),
        }
    return render(request, "projets/presentation.html", contexte)


@require_safe
@cache_anonyme(prefixe="aap", duree=DUREE_DU_CACHE, versions=(version_des_editions,))
def presentation(request):
    return _page(request, edition_courante())


@require_safe
@cache_anonyme(prefixe="aap-edition", duree=DUREE_DU_CACHE, versions=(version_des_editions,))
def edition(request, annee: int):
    return _page(request, get_object_or_404(AppelAProjets, annee=annee))


@require_safe
def edition_ical(request, annee: int):
    edition = get_object_or_404(AppelAProjets, annee=annee)
    reponse = HttpResponse(calendrier(edition), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = f'inline; filename="appel-a-projets-{edition.annee}.ics"'
    return reponse
