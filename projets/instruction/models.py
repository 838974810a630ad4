"""Les annotations privées de l'instruction : des notes que les instructeurs
laissent sur un dossier, que la structure candidate ne voit jamais (aucune page
candidate ne les lit ; seule l'instruction les affiche)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projets.models import Dossier

ANNOTATION_LONGUEUR_MAX = 5000


class Annotation(models.Model):
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="annotations", verbose_name=_("dossier")
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    texte = models.TextField(_("annotation"), max_length=ANNOTATION_LONGUEUR_MAX)
    cree_le = models.DateTimeField(_("écrite le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("annotation privée")
        verbose_name_plural = _("annotations privées")
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["dossier", "-cree_le"])]

    def __str__(self) -> str:
        return _("Annotation du %(date)s") % {
            "date": timezone.localtime(self.cree_le).strftime("%d/%m/%Y %H:%M")
        }
