"""Les filtres de l'annuaire, partagés par la page /papi/ et l'export GeoJSON.

Tout tient dans l'adresse (partageable, bouton retour) ; un paramètre invalide
est ignoré et signalé à côté de son champ, jamais une erreur 500."""

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from papi import referentiel as ref
from papi.models import Commune
from papi.querysets import mots_recherches

TRIS = [("nom", _("Nom")), ("distance", _("Distance"))]
CHOIX_VIDE = [("", _("Tous"))]


def _choix(valeurs: list[str]) -> list[tuple[str, str]]:
    return CHOIX_VIDE + [(v, v) for v in valeurs]


class FiltresLieux(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom, adresse, quartier…"),
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False, choices=_choix(ref.SERVICES))
    public = forms.ChoiceField(label=_("Public"), required=False, choices=_choix(ref.PUBLICS))
    accompagnement = forms.ChoiceField(
        label=_("Accompagnement"), required=False, choices=_choix(ref.MODALITES_ACCOMPAGNEMENT)
    )
    acces = forms.ChoiceField(
        label=_("Modalité d'accès"), required=False, choices=_choix(ref.MODALITES_ACCES)
    )
    frais = forms.ChoiceField(label=_("Frais"), required=False, choices=_choix(ref.FRAIS))
    programme = forms.ChoiceField(
        label=_("Dispositif ou label"),
        required=False,
        choices=_choix(ref.PROGRAMMES_NATIONAUX + ref.FORMATIONS_LABELS),
    )
    fauteuil = forms.BooleanField(label=_("Accessible en fauteuil roulant"), required=False)
    wifi = forms.BooleanField(label=_("Wi-Fi gratuit"), required=False)
    impression = forms.BooleanField(label=_("Impression"), required=False)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    samedi = forms.BooleanField(label=_("Ouvert le samedi"), required=False)
    soir = forms.BooleanField(label=_("Ouvert après 18 h"), required=False)
    tri = forms.ChoiceField(label=_("Trier par"), required=False, choices=TRIS)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    # Au mètre près : une position plus fine n'apprend rien de plus au tri par
    # distance, et chaque décimale de plus multiplierait les clés de cache.
    DECIMALES_POSITION = 5

    def __init__(self, *args, communes: list[Commune], **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = {c.code_insee: c for c in communes}
        self.fields["commune"].choices = CHOIX_VIDE + [(c.code_insee, c.nom) for c in communes]

    def clean_q(self):
        texte = " ".join(self.cleaned_data["q"].split())
        if texte and not mots_recherches(texte):
            raise forms.ValidationError(
                _(
                    "Tapez au moins un mot (un nom, une rue, un quartier) : les signes seuls ne se recherchent pas."
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
        for champ, colonne in [
            ("service", "services"),
            ("public", "publics_specifiquement_adresses"),
            ("accompagnement", "modalites_accompagnement"),
            ("acces", "modalites_acces"),
            ("frais", "frais_a_charge"),
        ]:
            if v.get(champ):
                lieux = lieux.avec(colonne, v[champ])
        if v.get("programme"):
            colonne = (
                "formations_labels"
                if v["programme"] in ref.FORMATIONS_LABELS
                else "dispositif_programmes_nationaux"
            )
            lieux = lieux.avec(colonne, v["programme"])
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

    def point_de_reference(self, v: dict) -> tuple[float, float] | None:
        """« Autour de moi » (lat/lon du navigateur), sinon le centre de la commune choisie."""
        if v.get("lat") is not None and v.get("lon") is not None:
            return v["lat"], v["lon"]
        commune = self.communes.get(v.get("commune") or "")
        return (commune.latitude, commune.longitude) if commune else None

    def trier(self, lieux, v: dict):
        point = self.point_de_reference(v)
        if v.get("tri") == "distance" and point:
            return lieux.par_distance(*point)
        if v.get("q") and "pertinence" in lieux.query.annotations:
            return lieux.order_by("-pertinence", "nom")
        return lieux.order_by("nom", "pk")
