"""La carte d'un lieu dans la liste de l'annuaire, écrite en Python et non dans la
boucle du gabarit, comme celles des commentaires (commentaires/cartes.py).

Une page en montre 20 ; par le moteur de gabarits, chacune (adresse de la fiche,
traduction de la distance, état, services) coûtait près de 0,1 ms, le quart du
rendu d'une recherche. Ce qui vient du lieu est échappé ici, les textes communs à
toute la page une fois (`TextesDesCartes`). Le test tests/papi/test_cartes.py
compare chaque carte à celle de l'ancien gabarit, pour des lieux quelconques.
"""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from brest_numerique.adresses import autour_du_slug
from papi.models import Lieu

# Les seules colonnes qu'une carte lit (l'état se calcule sur les horaires) : sans
# les autres listes du standard ni le vecteur de recherche, lire les 20 lieux d'une
# page coûte trois fois moins.
CHAMPS_DES_CARTES = (
    "id", "slug", "nom", "adresse", "code_postal", "commune", "horaires", "services",
    "donnees_exemple",
)  # fmt: skip


@dataclass(frozen=True)
class TextesDesCartes:
    adresse_de_la_fiche: tuple[str, str]  # avant et après le slug, échappés
    exemple: str

    @classmethod
    def pour_la_page(cls) -> "TextesDesCartes":
        return cls(
            adresse_de_la_fiche=tuple(map(escape, autour_du_slug("papi:detail"))),
            exemple=escape(_("Données d'exemple")),
        )


def carte_du_lieu(lieu: Lieu, textes: TextesDesCartes) -> SafeString:
    """Nom (lien vers la fiche), adresse et distance, état maintenant, services ;
    `lieu.etat` et `lieu.distance_km` sont posés par la vue."""
    distance = ""
    if lieu.distance_km is not None:
        distance = " · " + _("à %(distance)s km") % {
            "distance": escape(floatformat(lieu.distance_km, 1))
        }
    etat = lieu.etat
    classe = "ouvert" if etat.ouvert else "inconnu" if etat.ouvert is None else "ferme"
    services = (
        f'<p class="lieu__services">{" · ".join(escape(s) for s in lieu.services)}</p>'
        if lieu.services
        else ""
    )
    exemple = (
        f'<p><span class="exemple">{textes.exemple}</span></p>' if lieu.donnees_exemple else ""
    )
    avant, apres = textes.adresse_de_la_fiche
    return mark_safe(  # noqa: S308 — chaque morceau variable est échappé ci-dessus
        f'<li class="carte lieu"><h3><a href="{avant}{escape(lieu.slug)}{apres}">'
        f"{escape(lieu.nom)}</a></h3>"
        f'<p class="lieu__adresse">{escape(lieu.adresse)}, {escape(lieu.code_postal)} '
        f"{escape(lieu.commune)}{distance}</p>"
        f'<p class="etat etat--{classe}">{conditional_escape(etat.libelle)}</p>'
        f"{services}{exemple}</li>"
    )
