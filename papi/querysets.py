import math
import re
import unicodedata
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Exists, F, Func, OuterRef, Q, TextField, Value
from django.db.models.functions import Concat

from papi.fields import contient
from papi.horaires import JOUR_FERIE, PARIS, est_ferie

CONFIG_RECHERCHE = "french_unaccent"  # créée par la migration papi 0002
# Des lettres et des chiffres, rien d'autre : ni opérateur de tsquery (! & | ( ) :
# * < > ' \), ni souligné. Bornés en nombre et en longueur, ils ne peuvent pas
# épuiser la pile du parseur de PostgreSQL (« tsquery stack too small »).
MOT = re.compile(r"[^\W_]+")
MOTS_MAX = 8
LONGUEUR_MOT_MAX = 40


# Cinq chiffres ASCII : un code postal, qui cherche les lieux de sa commune.
CODE_POSTAL = re.compile(r"[0-9]{5}")
# Sur SQLite, la fonction que papi.apps enregistre à chaque connexion.
FONCTION_SQLITE_SANS_ACCENTS = "papi_sans_accents"
# Ce que la recherche de SQLite parcourt : les colonnes pondérées de PostgreSQL
# (déclencheur de la migration papi 0011), sauf la présentation détaillée.
COLONNES_RECHERCHEES_SQLITE = ("nom", "adresse", "commune", "presentation_resume")


def mots_recherches(texte: str) -> list[str]:
    """Les mots d'une recherche, tels qu'ils entreront dans la requête."""
    return [mot[:LONGUEUR_MOT_MAX] for mot in MOT.findall(texte)][:MOTS_MAX]


def sans_accents(texte: str | None) -> str | None:
    """« Quatre-Moulins » → « quatre-moulins », « Jaurès » → « jaures » : la forme
    que comparent les deux côtés de la recherche sur SQLite (comme la configuration
    french_unaccent de PostgreSQL, à qui cette fonction ne sert pas)."""
    if texte is None:
        return None
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).casefold()


class LieuQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)

    def avec(self, champ: str, valeur: str):
        """Le champ liste `champ` contient exactement `valeur`."""
        return self.filter(**contient(champ, valeur))

    def _avec_creneau(self, condition: Q):
        from papi.models import Creneau

        return self.filter(Exists(Creneau.objects.filter(condition, lieu=OuterRef("pk"))))

    def ouverts_a(self, moment: datetime):
        """Ouverts à cet instant (heure de Paris), jours fériés compris."""
        moment = moment.astimezone(PARIS)
        minute = moment.hour * 60 + moment.minute
        pendant = Q(debut__lte=minute, fin__gt=minute)
        if not est_ferie(moment.date()):
            return self._avec_creneau(pendant & Q(jour=moment.weekday()))
        # Un jour férié, les lieux dont les horaires parlent des fériés suivent
        # ces règles-là ; les autres gardent les horaires du jour de la semaine.
        from papi.models import Creneau

        ferie = Exists(Creneau.objects.filter(pendant, jour=JOUR_FERIE, lieu=OuterRef("pk")))
        ordinaire = Exists(
            Creneau.objects.filter(pendant, jour=moment.weekday(), lieu=OuterRef("pk"))
        )
        return self.filter(
            Q(jours_feries_specifiques=True, pk__in=self.filter(ferie).values("pk"))
            | Q(jours_feries_specifiques=False, pk__in=self.filter(ordinaire).values("pk"))
        )

    def ouverts_le_samedi(self):
        return self._avec_creneau(Q(jour=5))

    def ouverts_apres(self, minute: int):
        """Ouverts au moins un jour de la semaine au-delà de cette heure."""
        return self._avec_creneau(Q(jour__lt=JOUR_FERIE, fin__gt=minute))

    def rechercher(self, texte: str):
        """Plein texte français, insensible aux accents, sur PostgreSQL ; mots
        contenus, sans accents ni casse, sur SQLite (mode démonstration). Un code
        postal trouve les lieux de sa commune. La requête est construite à partir des
        seuls mots du texte (mots_recherches) : aucun texte, si tordu soit-il, ne
        peut la faire refuser par la base."""
        mots = mots_recherches(texte)
        if not mots:
            return self.none()
        lieux = self
        codes = [mot for mot in mots if CODE_POSTAL.fullmatch(mot)]
        for code in codes:
            lieux = lieux._du_code_postal(code)
        mots = [mot for mot in mots if mot not in codes]
        if not mots:
            return lieux
        if connection.vendor == "postgresql":
            # Chaque mot, complété (« médiat » trouve « médiathèque ») ; tous exigés.
            requete = SearchQuery(
                " & ".join(f"{mot}:*" for mot in mots),
                config=CONFIG_RECHERCHE,
                search_type="raw",
            )
            return lieux.filter(recherche=requete).annotate(
                pertinence=SearchRank(F("recherche"), requete)
            )
        # Les tirets ne gênent pas : « Quatre-Moulins » contient « quatre » et
        # « moulins », les deux mots que donne « quatre moulins ».
        separe = []
        for colonne in COLONNES_RECHERCHEES_SQLITE:
            separe += [colonne, Value(" ")]
        lieux = lieux.alias(
            texte_sans_accents=Func(
                Concat(*separe[:-1], output_field=TextField()),
                function=FONCTION_SQLITE_SANS_ACCENTS,
                output_field=TextField(),
            )
        )
        for mot in mots:
            lieux = lieux.filter(texte_sans_accents__contains=sans_accents(mot))
        return lieux

    def _du_code_postal(self, code: str):
        """Les lieux de ce code postal, et ceux de la commune qui le porte : un lieu
        peut avoir le code postal d'un CEDEX (29238 à Brest) et rester à Brest."""
        from papi.models import Commune

        communes = Commune.objects.filter(code_postal=code).values("code_insee")
        return self.filter(Q(code_postal=code) | Q(code_insee__in=communes))

    def par_distance(self, latitude: float, longitude: float):
        """Trie du plus proche au plus lointain. Approximation équirectangulaire :
        exacte à mieux que 1 % à l'échelle d'une métropole."""
        echelle = math.cos(math.radians(latitude))
        distance2 = (F("latitude") - latitude) * (F("latitude") - latitude) + (
            (F("longitude") - longitude) * echelle
        ) * ((F("longitude") - longitude) * echelle)
        return (
            self.filter(latitude__isnull=False)
            .annotate(distance2=distance2)
            .order_by("distance2", "nom")
        )
