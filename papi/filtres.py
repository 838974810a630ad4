"""Les filtres de l'annuaire, partagés par la page /papi/ et l'export GeoJSON.

Tout tient dans l'adresse (partageable, bouton retour) ; un paramètre invalide
est ignoré et signalé à côté de son champ, jamais une erreur 500."""

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from brest_numerique.cache_anonyme import MemoireLocale
from brest_numerique.typographie import entier
from brest_numerique.widgets import ListeDeChoix
from papi import referentiel as ref
from papi.facettes import FACETTE_COMMUNE, FACETTES_LISTES, Comptes
from papi.fields import contient
from papi.geocodage import (
    LONGUEUR_MIN,
    Geocodage,
    adresse_normalisee,
    commune_nommee,
    geocoder,
)
from papi.models import Commune
from papi.querysets import mots_recherches
from papi.services import communes

TRIS = [("nom", _("Nom")), ("distance", _("Distance"))]
CHOIX_VIDE = [("", _("Tous"))]
# Pour un nom féminin (« Commune », « Modalité d'accès »).
CHOIX_VIDE_FEMININ = [("", _("Toutes"))]
# Sans commune choisie, une adresse introuvable fait trier depuis le centre de Brest.
COMMUNE_PAR_DEFAUT = "29019"
# Ni un filtre ni une restriction : l'ordre des résultats et la position « Autour de moi ».
NON_FILTRES = {"tri", "lat", "lon"}

# Les valeurs permises de chaque liste de choix (hors commune), dans l'ordre du standard.
LIBELLES = {
    "service": ref.SERVICES,
    "public": ref.PUBLICS,
    "accompagnement": ref.MODALITES_ACCOMPAGNEMENT,
    "acces": ref.MODALITES_ACCES,
    "frais": ref.FRAIS,
    "programme": ref.PROGRAMMES_NATIONAUX + ref.FORMATIONS_LABELS,
}


def _choix(valeurs: list[str]) -> list[tuple[str, str]]:
    return CHOIX_VIDE + [(v, v) for v in valeurs]


def _avec_compte(libelle: str, nombre: int) -> str:
    return f"{libelle} ({entier(nombre)})"


class ListeDeFiltre(forms.ChoiceField):
    """Une liste de choix de l'annuaire. Ses choix sont des paires de textes qu'on
    ne change qu'en les remplaçant (`restreindre_aux_facettes`, les communes) :
    chaque formulaire en reçoit une copie de la liste, pas une copie profonde, qui
    recopiait aussi chaque libellé traduit et faisait, avec les autres listes, le
    douzième d'une page de l'annuaire hors du cache des pages."""

    widget = ListeDeChoix

    def __deepcopy__(self, memo):
        copie = forms.Field.__deepcopy__(self, memo)  # le widget, les messages, les validateurs
        copie._choices = list(self._choices)
        return copie


class FiltresLieux(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom, rue, quartier, code postal…"),
    )
    adresse = forms.CharField(
        label=_("Adresse"),
        required=False,
        max_length=200,
        help_text=_(
            "Ex.\u00a0: 12 rue de Siam, Brest. Les lieux les plus proches viennent d'abord."
        ),
    )
    commune = ListeDeFiltre(label=_("Commune"), required=False)
    service = ListeDeFiltre(label=_("Service"), required=False, choices=_choix(LIBELLES["service"]))
    public = ListeDeFiltre(label=_("Public"), required=False, choices=_choix(LIBELLES["public"]))
    accompagnement = ListeDeFiltre(
        label=_("Accompagnement"),
        required=False,
        choices=_choix(LIBELLES["accompagnement"]),
    )
    acces = ListeDeFiltre(
        label=_("Modalité d'accès"),
        required=False,
        choices=CHOIX_VIDE_FEMININ + [(v, v) for v in LIBELLES["acces"]],
    )
    frais = ListeDeFiltre(label=_("Frais"), required=False, choices=_choix(LIBELLES["frais"]))
    programme = ListeDeFiltre(
        label=_("Dispositif ou label"),
        required=False,
        choices=_choix(LIBELLES["programme"]),
    )
    fauteuil = forms.BooleanField(label=_("Accessible en fauteuil roulant"), required=False)
    wifi = forms.BooleanField(label=_("Wi-Fi gratuit"), required=False)
    impression = forms.BooleanField(label=_("Impression"), required=False)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    samedi = forms.BooleanField(label=_("Ouvert le samedi"), required=False)
    soir = forms.BooleanField(label=_("Ouvert après 18 h"), required=False)
    tri = ListeDeFiltre(label=_("Trier par"), required=False, choices=TRIS)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    # Au mètre près : une position plus fine n'apprend rien de plus au tri par
    # distance, et chaque décimale de plus multiplierait les clés de cache.
    DECIMALES_POSITION = 5

    def __init__(self, *args, communes: list[Commune], **kwargs):
        """Les listes offrent tout le référentiel, tant que `restreindre_aux_facettes`
        ne les a pas réduites aux valeurs des lieux publiés (la page de l'annuaire ;
        pas le GeoJSON ni la clé de cache) : les valeurs acceptées sont les mêmes."""
        super().__init__(*args, **kwargs)
        if self.is_bound and " ".join(self.data.get("adresse", "").split()):
            # Chercher une adresse, c'est vouloir les lieux les plus proches d'elle.
            self.data = self.data.copy()
            self.data["tri"] = "distance"
        self.communes = {c.code_insee: c for c in communes}
        self.fields["commune"].choices = CHOIX_VIDE_FEMININ + [
            (c.code_insee, c.nom) for c in communes
        ]

    def restreindre_aux_facettes(self, facettes: Comptes) -> None:
        """Les listes n'offrent plus que les valeurs des lieux publiés (papi/facettes.py),
        avec leur nombre ; possible après la validation, dont le verdict ne change pas."""
        libelles = {nom: [(v, v) for v in valeurs] for nom, valeurs in LIBELLES.items()}
        libelles[FACETTE_COMMUNE] = [(c.code_insee, c.nom) for c in self.communes.values()]
        for nom in (FACETTE_COMMUNE, *FACETTES_LISTES):
            champ = self.fields[nom]
            vide = champ.choices[:1]
            comptes = facettes.get(nom, {})
            choisie = self.data.get(nom, "") if self.is_bound else ""
            choix = []
            for valeur, libelle in libelles[nom]:
                if comptes.get(valeur):
                    choix.append((valeur, _avec_compte(libelle, comptes[valeur])))
                elif valeur == choisie:
                    # Une valeur permise qu'aucun lieu ne porte (plus) : un lien ancien,
                    # partagé. Elle reste choisie et dit pourquoi la liste est vide.
                    choix.append((valeur, _avec_compte(libelle, 0)))
            champ.choices = vide + choix

    def clean_q(self):
        texte = " ".join(self.cleaned_data["q"].split())
        if texte and not mots_recherches(texte):
            raise forms.ValidationError(
                _(
                    "Tapez au moins un mot (un nom, une rue, un quartier)\u00a0: les signes seuls ne se recherchent pas."
                )
            )
        return texte

    def clean_adresse(self):
        texte = " ".join(self.cleaned_data["adresse"].split())
        if texte and len(adresse_normalisee(texte)) < LONGUEUR_MIN:
            raise forms.ValidationError(
                _(
                    "Tapez une adresse d'au moins 3 lettres ou chiffres\u00a0: un numéro, une rue, une commune."
                )
            )
        return texte

    def clean_lat(self):
        return self._position(self.cleaned_data["lat"])

    def clean_lon(self):
        return self._position(self.cleaned_data["lon"])

    def _position(self, valeur: float | None) -> float | None:
        return None if valeur is None else round(valeur, self.DECIMALES_POSITION)

    def valeurs(self) -> dict:
        """Les filtres valides ; les autres sont écartés (et leurs erreurs affichées)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def requete_canonique(self) -> str:
        """Les seuls filtres valides et non vides, dans l'ordre des champs : la clé des
        caches et des liens. Un paramètre inconnu ou une valeur invalide n'y entre
        pas, si bien qu'ils ne peuvent pas multiplier les copies gardées en cache."""
        valeurs = self.valeurs()
        paires = []
        for nom in self.fields:
            valeur = valeurs.get(nom)
            if valeur in (None, "", False):
                continue
            paires.append((nom, "1" if valeur is True else str(valeur)))
        return urlencode(paires)

    def sans_erreur(self, *, autres: tuple[str, ...] = ()) -> bool:
        """Vrai si chaque paramètre reçu est un filtre connu et valable (ou l'un des
        `autres` paramètres, que la vue lit elle-même)."""
        return set(self.data) <= set(self.fields) | set(autres) and self.is_valid()

    def nombre_actifs(self) -> int:
        """Les filtres valides qui restreignent la liste (« Filtrer (3 actifs) »)."""
        return sum(
            1
            for nom, valeur in self.valeurs().items()
            if nom not in NON_FILTRES and valeur not in (None, "", False)
        )

    @cached_property
    def geocodage(self) -> Geocodage | None:
        """La position de l'adresse demandée (None sans adresse valable) : une seule
        question au géocodeur par page, que la liste et son titre relisent."""
        adresse = self.valeurs().get("adresse")
        return geocoder(adresse) if adresse else None

    def appliquer(self, lieux):
        v = self.valeurs()
        if "q" in self.errors:
            # Une recherche qui ne peut pas se faire ne montre pas tout l'annuaire à la
            # place : aucun résultat, et le message à côté du champ dit pourquoi.
            return lieux.none()
        if v.get("q"):
            lieux = lieux.rechercher(v["q"])
        if v.get("commune"):
            lieux = lieux.filter(code_insee=v["commune"])
        for nom, champs in FACETTES_LISTES.items():
            if v.get(nom):
                # « Dispositif ou label » : la valeur est dans l'une ou l'autre colonne.
                une_des_colonnes = Q()
                for champ in champs:
                    une_des_colonnes |= Q(**contient(champ, v[nom]))
                lieux = lieux.filter(une_des_colonnes)
        if v.get("fauteuil"):
            lieux = lieux.filter(acces_fauteuil=True)
        if v.get("wifi"):
            lieux = lieux.filter(wifi_gratuit=True)
        if v.get("impression"):
            lieux = lieux.filter(impression=True)
        if v.get("ouvert"):
            lieux = lieux.ouverts_a(timezone.now())
        if v.get("samedi"):
            lieux = lieux.ouverts_le_samedi()
        if v.get("soir"):
            lieux = lieux.ouverts_apres(18 * 60)
        return self.trier(lieux, v)

    def centre(self, v: dict) -> Commune | None:
        """La commune d'où part le tri quand l'adresse n'a pas pu être située : celle
        du filtre, sinon celle que nomme l'adresse tapée, sinon Brest."""
        if v.get("commune"):
            return self.communes.get(v["commune"])
        nommee = commune_nommee(v.get("adresse") or "", self.communes.values())
        return nommee or self.communes.get(COMMUNE_PAR_DEFAUT)

    def point_de_reference(self, v: dict) -> tuple[float, float] | None:
        """L'adresse tapée (ou, si le géocodeur ne la situe pas, le centre de la
        commune choisie, à défaut de Brest) ; sinon « Autour de moi » (lat/lon du
        navigateur) ; sinon le centre de la commune choisie."""
        if self.geocodage is not None:
            if self.geocodage.position:
                return self.geocodage.position
            centre = self.centre(v)
            return (centre.latitude, centre.longitude) if centre else None
        if v.get("lat") is not None and v.get("lon") is not None:
            return v["lat"], v["lon"]
        commune = self.communes.get(v.get("commune") or "")
        return (commune.latitude, commune.longitude) if commune else None

    def trie_toute_la_selection(self, v: dict) -> bool:
        """Vrai quand le tri (distance, pertinence) se calcule sur chaque lieu
        retenu avant d'en garder une page : compter ces lieux ne coûte alors rien
        de plus (Paginateur, `compter_dans_la_page`). Le tri par nom, lui, ne lit
        que la page dans l'index."""
        return bool((v.get("tri") == "distance" and self.point_de_reference(v)) or v.get("q"))

    def trier(self, lieux, v: dict):
        point = self.point_de_reference(v)
        if v.get("tri") == "distance" and point:
            return lieux.par_distance(*point)
        if v.get("q") and "pertinence" in lieux.query.annotations:
            return lieux.order_by("-pertinence", "nom")
        return lieux.order_by("nom", "pk")


@dataclass(frozen=True)
class Lecture:
    """Ce que les clés de cache de l'annuaire et de la carte lisent des filtres."""

    canonique: str  # FiltresLieux.requete_canonique()
    valide: bool  # sans_erreur(), le numéro de page mis à part
    formulaire: FiltresLieux | None = None  # bâti pour cette lecture, à reprendre


# La lecture d'une chaîne de requête ne dépend que d'elle (les communes sont des
# données de référence, posées par migration) : gardée dans le processus, elle évite
# de bâtir et de valider le formulaire de vingt champs, 1,5 ms, quatre fois le coût
# d'une page servie depuis le cache, à chaque visite d'une recherche déjà vue. Au
# plus 4 096 chaînes : une suite d'adresses inventées ne fait qu'en chasser d'autres.
LECTURES = MemoireLocale(duree=3600, taille=4096)


def lecture_des_filtres(requete: QueryDict) -> Lecture:
    """La lecture des filtres de `requete`, déjà connue ou faite ici ; dans ce cas,
    le formulaire bâti pour elle est rendu avec, pour que la vue le reprenne."""
    brute = requete.urlencode()
    connue = LECTURES.lire(brute)
    if connue is not None:
        return connue
    formulaire = FiltresLieux(requete, communes=communes())
    lecture = Lecture(formulaire.requete_canonique(), formulaire.sans_erreur(autres=("page",)))
    LECTURES.garder(brute, lecture)
    return Lecture(lecture.canonique, lecture.valide, formulaire)
