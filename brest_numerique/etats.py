"""Le patron des machines à états du portail : commentaires aujourd'hui, dossiers
de l'appel à projets et abonnements Internet pour tous ensuite.

- Un champ d'état (`TextChoices`) et une `MachineAEtats` qui liste les transitions
  permises : d'où, vers où.
- Un journal immuable par modèle, héritier de `Journal` (qui, quand, de, vers,
  motif) : une ligne s'écrit une fois, ne se modifie ni ne se supprime, pas même
  par `update()` ou `delete()` sur un QuerySet.
- Une seule méthode publique par transition, sur le modèle, qui appelle
  `machine.passer(...)` puis fait ses suites (notify(), compteurs) dans la même
  transaction. `passer` verrouille la ligne, vérifie la transition, change l'état
  et écrit le journal : deux clics simultanés ne font qu'une transition.

Exemple :

    class Dossier(models.Model):
        MACHINE = MachineAEtats(journal="historique", transitions={
            "deposer": Transition({Statut.BROUILLON}, Statut.DEPOSE, _("déposer")),
        })

        @transaction.atomic
        def deposer(self, *, par):
            self.MACHINE.passer(self, "deposer", par=par)
            notify(kind="dossier_depose", to=par, key=f"dossier_depose:{self.pk}")
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def precede_de(verbe: str) -> str:
    """« de rejeter », « d'activer », « d'enregistrer » : l'élision devant une voyelle
    ou un h muet, dans les messages des transitions refusées."""
    return ("d'" if verbe[:1].lower() in "aàâeéèêiîïoôuùûyh" else "de ") + verbe


class TransitionInterdite(Exception):
    """Ce changement d'état n'est pas permis depuis l'état actuel."""


@dataclass(frozen=True)
class Transition:
    depuis: frozenset[str]
    vers: str
    libelle: str  # le verbe, pour le message d'erreur (« approuver »)

    def __init__(self, depuis, vers: str, libelle: str):
        object.__setattr__(self, "depuis", frozenset(depuis))
        object.__setattr__(self, "vers", vers)
        object.__setattr__(self, "libelle", libelle)


class MachineAEtats:
    def __init__(self, *, transitions: dict[str, Transition], journal: str, champ: str = "statut"):
        self.transitions = transitions
        self.journal = journal  # related_name du journal vers le modèle
        self.champ = champ

    def permise(self, action: str, etat: str) -> bool:
        return etat in self.transitions[action].depuis

    @transaction.atomic
    def passer(
        self,
        objet: models.Model,
        action: str,
        *,
        par=None,
        motif: str = "",
        en_plus: Callable[[models.Model, str], dict] | None = None,
    ) -> str:
        """Fait la transition `action` sur `objet` ; renvoie l'état quitté.

        `en_plus(actuel, vers)` rend d'autres champs à écrire avec l'état, d'après la
        ligne verrouillée (une date de publication, par exemple)."""
        transition = self.transitions[action]
        actuel = type(objet)._default_manager.select_for_update().get(pk=objet.pk)
        depuis = getattr(actuel, self.champ)
        if depuis not in transition.depuis:
            raise TransitionInterdite(
                gettext("Impossible %(action)s\u00a0: l'état actuel est « %(etat)s ».")
                % {
                    "action": precede_de(str(transition.libelle)),
                    "etat": actuel._get_FIELD_display(type(objet)._meta.get_field(self.champ)),
                }
            )
        champs = {
            self.champ: transition.vers,
            **(en_plus(actuel, transition.vers) if en_plus else {}),
        }
        for nom, valeur in champs.items():
            setattr(objet, nom, valeur)
        objet.save(update_fields=list(champs))
        getattr(objet, self.journal).create(de=depuis, vers=transition.vers, par=par, motif=motif)
        return depuis


class JournalQuerySet(models.QuerySet):
    # Les écritures en masse contournent save() et delete() : on les ferme aussi.
    # (La suppression en cascade de l'objet suivi passe par le Collector, pas ici.)
    def update(self, **kwargs):
        raise PermissionDenied(gettext("Un journal ne se modifie pas."))

    def delete(self):
        raise PermissionDenied(gettext("Un journal ne se supprime pas."))


class Journal(models.Model):
    """Une ligne par transition : écrite une fois, jamais modifiée. L'héritier
    ajoute la clé étrangère vers l'objet suivi, avec le related_name de la machine."""

    de = models.CharField(_("de"), max_length=30)
    vers = models.CharField(_("vers"), max_length=30)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("par"),
    )
    motif = models.TextField(_("motif"), blank=True)
    quand = models.DateTimeField(_("quand"), default=timezone.now)

    objects = JournalQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-quand", "-pk"]

    def __str__(self) -> str:
        return f"{self.quand:%d/%m/%Y %H:%M} {self.de} → {self.vers}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(gettext("Un journal ne se modifie pas."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(gettext("Un journal ne se supprime pas."))
