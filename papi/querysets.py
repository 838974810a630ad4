import math
import re
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q

from papi.fields import contient
from papi.horaires import JOUR_FERIE, PARIS, est_ferie

CONFIG_RECHERCHE = "french_unaccent"  # créée par la migration papi 0002
# Des lettres et des chiffres, rien d'autre : ni opérateur de tsquery (! & | ( ) :
# * < > ' \), ni souligné. Bornés en nombre et en longueur, ils ne peuvent pas
# épuiser la pile du parseur de PostgreSQL (« tsquery stack too small »).
MOT = re.compile(r"[^\W_]+")
MOTS_MAX = 8
LONGUEUR_MOT_MAX = 40


def mots_recherches(texte: str) -> list[str]:
    """Les mots d'une recherche, tels qu'ils entreront dans la requête."""
    return [mot[:LONGUEUR_MOT_MAX] for mot in MOT.findall(texte)][:MOTS_MAX]


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
        """Plein texte français, insensible aux accents, sur PostgreSQL ; simple
        recherche de sous-chaînes sur SQLite (mode démonstration). La requête est
        construite à partir des seuls mots du texte (mots_recherches) : aucun texte,
        si tordu soit-il, ne peut la faire refuser par la base."""
        mots = mots_recherches(texte)
        if not mots:
            return self.none()
        if connection.vendor == "postgresql":
            # Chaque mot, complété (« médiat » trouve « médiathèque ») ; tous exigés.
            requete = SearchQuery(
                " & ".join(f"{mot}:*" for mot in mots),
                config=CONFIG_RECHERCHE,
                search_type="raw",
            )
            return self.filter(recherche=requete).annotate(
                pertinence=SearchRank(F("recherche"), requete)
            )
        lieux = self
        for mot in mots:
            lieux = lieux.filter(
                Q(nom__icontains=mot)
                | Q(adresse__icontains=mot)
                | Q(commune__icontains=mot)
                | Q(presentation_resume__icontains=mot)
            )
        return lieux

    def par_distance(self, latitude: float, longitude: float):
        """Trie du plus proche au plus lointain. Approximation équirectangulaire :
        exacte à mieux que 1 % à l'échelle d'une métropole."""
        echelle = math.cos(math.radians(latitude))
        distance2 = (F("latitude") - latitude) * (F("latitude") - latitude) + (
            (F("longitude") - longitude) * echelle
        ) * ((F("longitude") - longitude) * echelle)
        return (
            self.filter(latitude__isnull=False)
            .annotate(distance2=distance2)
            .order_by("distance2", "nom")
        )
