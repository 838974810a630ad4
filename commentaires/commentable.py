"""Rendre un modèle commentable : `class Lieu(Commentable, models.Model)`."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Commentable(models.Model):
    """Ajoute l'ouverture des commentaires à un modèle public.

    La fermeture automatique se règle par modèle dans
    settings.COMMENTAIRES_FERMETURE_APRES_JOURS ({"app.modele": jours}) ; elle
    compte à partir du champ date nommé par `champ_date_publication`.
    """

    commentaires_ouverts = models.BooleanField(_("commentaires ouverts"), default=True)

    champ_date_publication: str | None = None

    class Meta:
        abstract = True

    def commentaires_fermes(self, maintenant=None) -> bool:
        if not self.commentaires_ouverts:
            return True
        jours = settings.COMMENTAIRES_FERMETURE_APRES_JOURS.get(self._meta.label_lower)
        if not jours or not self.champ_date_publication:
            return False
        publication = getattr(self, self.champ_date_publication)
        if publication is None:
            return False
        if not hasattr(publication, "hour"):  # une date simple : minuit à Paris
            publication = timezone.make_aware(
                timezone.datetime.combine(publication, timezone.datetime.min.time())
            )
        return (maintenant or timezone.now()) > publication + timedelta(days=jours)
