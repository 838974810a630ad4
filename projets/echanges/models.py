"""La messagerie d'un dossier : les messages échangés entre la structure candidate
et l'instruction, et ce que chacun en a lu.

La lecture se retient par (dossier, personne) : le numéro du dernier message lu.
Les numéros des messages croissent, si bien que les non-lus d'une personne sur N
dossiers se comptent en une requête (les messages d'autrui au-delà de son repère),
et qu'ouvrir le fil ne coûte qu'une écriture, quel que soit le nombre de messages."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projets.models import Dossier

TEXTE_LONGUEUR_MAX = 5000


class Cote(models.TextChoices):
    CANDIDAT = "candidat", _("Structure candidate")
    INSTRUCTION = "instruction", _("Instruction")


class Message(models.Model):
    Cote = Cote

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="messages", verbose_name=_("dossier")
    )
    # Un compte supprimé laisse ses messages au fil : le dossier garde sa mémoire.
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    cote = models.CharField(_("côté"), max_length=12, choices=Cote.choices)
    texte = models.TextField(_("message"), max_length=TEXTE_LONGUEUR_MAX)
    envoye_le = models.DateTimeField(_("envoyé le"), default=timezone.now, editable=False)
    # Les pièces d'un message sont des pièces du dossier (origine « message ») : mêmes
    # vérifications, mêmes plafonds, même page de téléchargement qui juge les droits.
    pieces = models.ManyToManyField(
        "pieces.PieceJointe", related_name="messages", blank=True, verbose_name=_("pièces jointes")
    )

    class Meta:
        verbose_name = _("message d'un dossier")
        verbose_name_plural = _("messages des dossiers")
        ordering = ["dossier", "pk"]
        indexes = [models.Index(fields=["dossier", "id"], name="message_dossier_id")]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_cote_display()} — {self.envoye_le:%d/%m/%Y %H:%M}"


class Lecture(models.Model):
    """Jusqu'où une personne a lu le fil d'un dossier (le numéro du dernier message)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="lectures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dernier_lu = models.PositiveBigIntegerField(_("dernier message lu"), default=0)
    lu_le = models.DateTimeField(_("lu le"), default=timezone.now)

    class Meta:
        verbose_name = _("lecture d'une messagerie")
        verbose_name_plural = _("lectures des messageries")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "user"], name="lecture_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.dossier} — {self.dernier_lu}"
