"""Le travail fait après la validation d'une transaction : une seule recette.

1. Dans la transaction qui cause le travail, on écrit une trace durable : une ligne
   de la boîte d'envoi (`notify()`), ou une marque sur la ligne concernée
   (`suites_en_attente` d'un commentaire déposé).
2. Après validation seulement (`transaction.on_commit`), on met une tâche Celery en
   file avec l'identifiant de la ligne. Annulée, la transaction n'a rien laissé.
3. La tâche verrouille la ligne, fait le travail et efface la trace dans une même
   transaction : rejouée, elle ne refait rien.
4. Le balayage périodique (`differe.relancer`, toutes les 5 minutes) remet en file
   ce qui attend depuis trop longtemps : message perdu par le courtier, worker
   tombé en pleine tâche.

Chaque application enregistre ses files dans son `ready()` ; le balayage les
parcourt toutes. Une file de plus (facturation, dépôts de dossiers) s'enregistre
ici : il n'y a pas de troisième recette.

Exemple :

    differe.enregistrer(SuitesSurLigne("commentaires.suites", Commentaire,
                                       tache="commentaires.tasks.suites_du_depot"))
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.utils.module_loading import import_string

from brest_numerique.registre import Registre

# Au plus ceci par file et par balayage : un retard massif se rattrape en
# quelques passages plutôt qu'en une rafale.
LOT_MAX = 1000


@dataclass(frozen=True)
class FileDifferee:
    nom: str
    # Remet en file ce qui attend depuis avant `depuis` ; renvoie combien.
    relancer: Callable[[datetime], int]


@dataclass(frozen=True)
class SuitesSurLigne:
    """Le travail attaché à une ligne qui existe déjà : un champ booléen
    `suites_en_attente` (avec un index partiel), levé par la transaction qui
    crée la ligne, baissé par la tâche qui fait les suites."""

    nom: str
    modele: type[models.Model]
    tache: str  # chemin de la tâche Celery (« app.tasks.nom »), qui reçoit l'identifiant
    champ_date: str = "cree_le"

    def programmer(self, objet: models.Model, *args) -> None:
        """À appeler dans la transaction qui a levé la marque de `objet`."""
        pk = objet.pk
        transaction.on_commit(lambda: self._tache().delay(pk, *args))

    def _tache(self):
        # La tâche elle-même plutôt que send_task() : en mode embarqué et dans les
        # tests, elle s'exécute alors dans le processus. Importée au besoin, car le
        # module des tâches importe souvent celui qui déclare la file.
        return import_string(self.tache)

    def relancer(self, depuis: datetime) -> int:
        ids = list(
            self.modele._default_manager.filter(
                suites_en_attente=True, **{f"{self.champ_date}__lt": depuis}
            )
            .order_by(self.champ_date)
            .values_list("pk", flat=True)[:LOT_MAX]
        )
        for pk in ids:
            self._tache().delay(pk)
        return len(ids)


FILES: Registre[FileDifferee | SuitesSurLigne] = Registre("La file différée", lambda f: f.nom)
enregistrer = FILES.enregistrer


def tout_relancer(*, depuis: datetime) -> dict[str, int]:
    """Le balayage : chaque file remet en file ses oubliés."""
    return {nom: file.relancer(depuis) for nom, file in FILES.items()}
